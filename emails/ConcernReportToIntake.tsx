import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./Layout";

export type ConcernReportToIntakeKind =
  "received" | "forwarded" | "feedbackRequested" | "meetingAnswered" | "noteAdded";

/**
 * To the intake unit (mottagningen) of a district: something about a report of concern waits in
 * the portal. Like every e-mail, it names neither the child nor anything from the report.
 */
export interface ConcernReportToIntakeProps {
  districtName: string;
  kind: ConcernReportToIntakeKind;
  url: string;
}

export const concernReportToIntakeSubject = () =>
  "Ett ärende väntar hos mottagningen i Samverkansportalen";

const headings: Record<ConcernReportToIntakeKind, string> = {
  received: "En ny orosanmälan har kommit in",
  forwarded: "En orosanmälan har vidarebefordrats till er",
  feedbackRequested: "En skola har begärt återkoppling",
  meetingAnswered: "Svar på ett förslag om anmälningsmöte",
  noteAdded: "Ett tillägg till en orosanmälan",
};

function intakeText({ kind, districtName }: ConcernReportToIntakeProps) {
  switch (kind) {
    case "received":
      return (
        `En ny orosanmälan har kommit in till mottagningen vid ${districtName}. ` +
        `Bekräfta mottagandet och ange en kontaktperson inom en arbetsdag.`
      );
    case "forwarded":
      return (
        `En orosanmälan har vidarebefordrats till mottagningen vid ${districtName} från en annan ` +
        `stadsdel. Bekräfta mottagandet och ange en kontaktperson inom en arbetsdag.`
      );
    case "feedbackRequested":
      return (
        `En skola har begärt återkoppling på en orosanmälan till mottagningen vid ` +
        `${districtName}. Svara skolan i portalen.`
      );
    case "meetingAnswered":
      return (
        `En skola har svarat på ett förslag om anmälningsmöte. Svaret finns hos mottagningen ` +
        `vid ${districtName} i portalen.`
      );
    case "noteAdded":
      return (
        `En skola har lagt till nya uppgifter i en orosanmälan hos mottagningen vid ` +
        `${districtName}. Läs tillägget i portalen.`
      );
  }
}

export default function ConcernReportToIntake(props: ConcernReportToIntakeProps) {
  return (
    <EmailLayout preview={`Ett ärende väntar hos mottagningen vid ${props.districtName}`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        {headings[props.kind]}
      </Heading>
      <Text>Hej,</Text>
      <Text>{intakeText(props)}</Text>
      <Text>Vilket ärende det gäller och vad som har hänt ser du när du loggar in.</Text>
      <Button href={props.url} style={buttonStyle}>
        Öppna i portalen
      </Button>
      <Text>Om knappen inte fungerar, kopiera den här adressen till webbläsaren: {props.url}</Text>
    </EmailLayout>
  );
}
