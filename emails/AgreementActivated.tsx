import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./Layout";

export interface AgreementActivatedProps {
  recipientName: string;
  agreementTitle: string;
  versionNumber: number;
  districtName: string;
  /** Already formatted, e.g. "30 november 2027". */
  reviewDate: string;
  url: string;
}

export const agreementActivatedSubject = () => "Samverkansöverenskommelsen är undertecknad av alla";

export default function AgreementActivated(props: AgreementActivatedProps) {
  return (
    <EmailLayout preview={`”${props.agreementTitle}” gäller nu`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Överenskommelsen gäller nu
      </Heading>
      <Text>Hej {props.recipientName},</Text>
      <Text>
        Alla parter har nu skrivit under version {props.versionNumber} av ”{props.agreementTitle}”.
        Överenskommelsen med {props.districtName} gäller från och med nu.
      </Text>
      <Text>Överenskommelsen ska revideras senast {props.reviewDate}.</Text>
      <Text>Den undertecknade överenskommelsen kan laddas ner som PDF i portalen.</Text>
      <Button href={props.url} style={buttonStyle}>
        Öppna överenskommelsen
      </Button>
      <Text>Om knappen inte fungerar, kopiera den här adressen till webbläsaren: {props.url}</Text>
    </EmailLayout>
  );
}
