import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./Layout";

export type ConsultationMessageKind = "question" | "answer";

/**
 * A consultation between a school and social services: a question to social services, or the
 * answer to the school. Names only the other side's organisation, never the question or answer.
 */
export interface ConsultationMessageProps {
  kind: ConsultationMessageKind;
  /** The other side's organisation: the school for a question, the district for an answer. */
  organisationName: string;
  url: string;
}

export const consultationMessageSubject = () =>
  "Nytt meddelande om en konsultation i Samverkansportalen";

export default function ConsultationMessage(props: ConsultationMessageProps) {
  const question = props.kind === "question";
  return (
    <EmailLayout
      preview={
        question
          ? `${props.organisationName} har ställt en konsultationsfråga`
          : `${props.organisationName} har svarat på er konsultationsfråga`
      }
    >
      <Heading as="h1" style={{ fontSize: "22px" }}>
        {question ? "En ny konsultationsfråga" : "Svar på er konsultationsfråga"}
      </Heading>
      <Text>Hej,</Text>
      <Text>
        {question
          ? `${props.organisationName} har ställt en konsultationsfråga till er i Samverkansportalen.`
          : `${props.organisationName} har svarat på er konsultationsfråga.`}
      </Text>
      <Text>
        {question
          ? "Frågan läser och besvarar du när du loggar in."
          : "Svaret läser du när du loggar in."}
      </Text>
      <Button href={props.url} style={buttonStyle}>
        Öppna i portalen
      </Button>
      <Text>Om knappen inte fungerar, kopiera den här adressen till webbläsaren: {props.url}</Text>
    </EmailLayout>
  );
}
