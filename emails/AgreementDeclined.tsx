import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, quoteStyle } from "./Layout";

export interface AgreementDeclinedProps {
  recipientName: string;
  agreementTitle: string;
  versionNumber: number;
  declinedByName: string;
  declinedByOrganisation: string;
  reason: string;
  url: string;
}

export const agreementDeclinedSubject = () => "Underskrift nekad för en samverkansöverenskommelse";

export default function AgreementDeclined(props: AgreementDeclinedProps) {
  return (
    <EmailLayout preview={`${props.declinedByOrganisation} har nekat underskrift`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Överenskommelsen har inte skrivits under
      </Heading>
      <Text>Hej {props.recipientName},</Text>
      <Text>
        {props.declinedByName} på {props.declinedByOrganisation} har valt att inte skriva under
        version {props.versionNumber} av ”{props.agreementTitle}” och har angett den här
        motiveringen:
      </Text>
      <Text style={quoteStyle}>”{props.reason}”</Text>
      <Text>
        Den här versionen blir därför inte giltig. Stadsdelsförvaltningen kan ta fram en ny version
        i portalen, och den skickas då ut för underskrift till alla parter på nytt.
      </Text>
      <Button href={props.url} style={buttonStyle}>
        Öppna överenskommelsen
      </Button>
      <Text>Om knappen inte fungerar, kopiera den här adressen till webbläsaren: {props.url}</Text>
    </EmailLayout>
  );
}
