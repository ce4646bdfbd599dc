import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./Layout";

/**
 * The intake unit's morning reminder on working days: how many reports of concern must be
 * acknowledged today and how many are late, counts only. Like every e-mail, it names no child,
 * no school and nothing from a report.
 */
export interface IntakeReminderProps {
  districtName: string;
  /** Not acknowledged, due today. */
  acknowledgeToday: number;
  /** Not acknowledged, past the working day allowed. */
  acknowledgementLate: number;
  /** No decision on an investigation, due today (14 days after receipt). */
  decideToday: number;
  /** No decision on an investigation, past the 14 days. */
  decisionLate: number;
  /** Requested feedback not given or withheld in time. */
  feedbackLate: number;
  url: string;
}

export const intakeReminderSubject = () => "Orosanmälningar att hantera i dag – Samverkansportalen";

const reports = (n: number) => (n === 1 ? "1 orosanmälan" : `${n} orosanmälningar`);

/** One line for each count above zero. */
function intakeReminderLines(props: IntakeReminderProps): string[] {
  const lines: string[] = [];
  if (props.acknowledgementLate > 0) {
    lines.push(`${reports(props.acknowledgementLate)} borde redan ha bekräftats.`);
  }
  if (props.acknowledgeToday > 0) {
    lines.push(`${reports(props.acknowledgeToday)} ska bekräftas senast i dag.`);
  }
  if (props.decisionLate > 0) {
    lines.push(
      `${reports(props.decisionLate)} saknar beslut om att inleda utredning, trots att fristen ` +
        `på 14 dagar har gått ut.`,
    );
  }
  if (props.decideToday > 0) {
    lines.push(
      `För ${reports(props.decideToday)} går fristen för beslut om att inleda utredning ut i dag.`,
    );
  }
  if (props.feedbackLate > 0) {
    lines.push(`Återkopplingen till skolan är försenad för ${reports(props.feedbackLate)}.`);
  }
  return lines;
}

export default function IntakeReminder(props: IntakeReminderProps) {
  return (
    <EmailLayout preview={`Orosanmälningar väntar hos mottagningen vid ${props.districtName}`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Orosanmälningar att hantera i dag
      </Heading>
      <Text>Hej,</Text>
      <Text>I dag väntar följande hos mottagningen vid {props.districtName}:</Text>
      {intakeReminderLines(props).map((line) => (
        <Text key={line}>• {line}</Text>
      ))}
      <Text>Vilka anmälningar det gäller ser du i inkorgen när du loggar in.</Text>
      <Button href={props.url} style={buttonStyle}>
        Öppna inkorgen
      </Button>
      <Text>Om knappen inte fungerar, kopiera den här adressen till webbläsaren: {props.url}</Text>
    </EmailLayout>
  );
}
