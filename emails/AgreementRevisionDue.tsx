import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./Layout";

export type AgreementRevisionReason = "days60" | "days14" | "due" | "templateRevised";

export interface AgreementRevisionDueProps {
  recipientName: string;
  agreementTitle: string;
  districtName: string;
  reason: AgreementRevisionReason;
  /** Already formatted, e.g. "30 november 2027". */
  reviewDate: string;
  url: string;
}

export const agreementRevisionDueSubject = () => "Dags att revidera en samverkansöverenskommelse";

function reasonText({ reason, agreementTitle, reviewDate }: AgreementRevisionDueProps): string {
  const title = `”${agreementTitle}”`;
  switch (reason) {
    case "days60":
      return `${title} ska revideras senast ${reviewDate} – om 60 dagar.`;
    case "days14":
      return `${title} ska revideras senast ${reviewDate} – om 14 dagar.`;
    case "due":
      return `${title} ska revideras i dag (${reviewDate}).`;
    case "templateRevised":
      return (
        `Stödmaterialet (mallen) som ${title} bygger på har reviderats, så överenskommelsen ` +
        `behöver ses över. Den ska annars revideras senast ${reviewDate}.`
      );
  }
}

export default function AgreementRevisionDue(props: AgreementRevisionDueProps) {
  return (
    <EmailLayout preview={`”${props.agreementTitle}” behöver revideras`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Dags att revidera överenskommelsen
      </Heading>
      <Text>Hej {props.recipientName},</Text>
      <Text>{reasonText(props)}</Text>
      <Text>
        {props.districtName} tar fram en ny version av överenskommelsen i portalen, och sedan
        skriver alla parter under den på nytt. Till dess gäller den nuvarande versionen.
      </Text>
      <Button href={props.url} style={buttonStyle}>
        Öppna överenskommelsen
      </Button>
      <Text>Om knappen inte fungerar, kopiera den här adressen till webbläsaren: {props.url}</Text>
    </EmailLayout>
  );
}
