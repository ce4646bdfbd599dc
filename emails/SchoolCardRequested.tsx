import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./Layout";

/** To the named mentor, or else the school's principal and student health: a card waits. */
export interface SchoolCardRequestedProps {
  recipientName: string;
  schoolName: string;
  districtName: string;
  /** "16 december 2026". */
  dueOn: string;
  url: string;
}

export const schoolCardRequestedSubject = () => "Ett skolkort väntar i Samverkansportalen";

export default function SchoolCardRequested(props: SchoolCardRequestedProps) {
  return (
    <EmailLayout preview={`${props.districtName} ber ${props.schoolName} om ett skolkort`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Ett skolkort väntar
      </Heading>
      <Text>Hej {props.recipientName},</Text>
      <Text>
        Socialtjänsten vid {props.districtName} ber {props.schoolName} fylla i ett skolkort senast{" "}
        {props.dueOn}. Skolkortet beskriver hur skolgången går, så att socialtjänsten kan ge rätt
        stöd. Vem det gäller och vad som efterfrågas ser du när du loggar in.
      </Text>
      <Button href={props.url} style={buttonStyle}>
        Öppna skolkortet
      </Button>
      <Text>Om knappen inte fungerar, kopiera den här adressen till webbläsaren: {props.url}</Text>
    </EmailLayout>
  );
}
