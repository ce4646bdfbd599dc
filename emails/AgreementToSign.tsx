import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, joinSwedish } from "./Layout";

export interface AgreementToSignProps {
  recipientName: string;
  districtName: string;
  agreementTitle: string;
  versionNumber: number;
  schoolNames: string[];
  url: string;
}

export const agreementToSignSubject = () => "Samverkansöverenskommelse att skriva under";

export default function AgreementToSign(props: AgreementToSignProps) {
  const schools = props.schoolNames.length > 0 ? ` (med ${joinSwedish(props.schoolNames)})` : "";
  return (
    <EmailLayout preview={`${props.districtName} väntar på din underskrift`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        En samverkansöverenskommelse väntar på din underskrift
      </Heading>
      <Text>Hej {props.recipientName},</Text>
      <Text>
        {props.districtName} har skickat version {props.versionNumber} av ”{props.agreementTitle}”
        {schools} för underskrift.
      </Text>
      <Text>
        Du skriver under i portalen, där överenskommelsens exakta text visas. Loggade du in för mer
        än 5 minuter sedan ber portalen dig ange ditt lösenord igen innan du skriver under.
      </Text>
      <Button href={props.url} style={buttonStyle}>
        Öppna överenskommelsen
      </Button>
      <Text>Om knappen inte fungerar, kopiera den här adressen till webbläsaren: {props.url}</Text>
    </EmailLayout>
  );
}
