import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./Layout";

/** To the child's caseworker: a consent link has been answered. */
export interface ConsentAnsweredProps {
  name: string;
  answer: "given" | "refused";
  url: string;
}

export const consentAnsweredSubject = () => "Svar på en samtyckesförfrågan i Samverkansportalen";

export default function ConsentAnswered(props: ConsentAnsweredProps) {
  const answer = props.answer === "given" ? "gav sitt samtycke" : "gav inte sitt samtycke";
  return (
    <EmailLayout preview="En samtyckesförfrågan har besvarats">
      <Heading as="h1" style={{ fontSize: "22px" }}>
        En samtyckesförfrågan har besvarats
      </Heading>
      <Text>Hej {props.name},</Text>
      <Text>
        Mottagaren av en samtyckeslänk för ett barn som du handlägger har svarat och {answer}.
        Svaret, tiden och vad samtycket gäller finns i portalen.
      </Text>
      <Button href={props.url} style={buttonStyle}>
        Öppna i portalen
      </Button>
      <Text>Om knappen inte fungerar, kopiera den här adressen till webbläsaren: {props.url}</Text>
    </EmailLayout>
  );
}
