import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./Layout";

export type ConcernReportToSchoolKind =
  | "acknowledged"
  | "feedbackGiven"
  | "feedbackWithheld"
  | "forwarded"
  | "meetingProposed"
  | "cosignNeeded";

/**
 * To school staff (the one who reported and/or the principal): something about a report of
 * concern from the school waits in the portal. Never the child, the report's content or the
 * outcome: only that there is news, and a link.
 */
export interface ConcernReportToSchoolProps {
  recipientName: string;
  schoolName: string;
  /** The district the report is with; for "forwarded", the district it was forwarded to. */
  districtName: string;
  kind: ConcernReportToSchoolKind;
  url: string;
}

export const concernReportToSchoolSubject = () => "Nytt om en orosanmälan i Samverkansportalen";

const headings: Record<ConcernReportToSchoolKind, string> = {
  acknowledged: "En orosanmälan har tagits emot",
  feedbackGiven: "Återkoppling på en orosanmälan",
  feedbackWithheld: "Besked om återkoppling",
  forwarded: "En orosanmälan har vidarebefordrats",
  meetingProposed: "Förslag om anmälningsmöte",
  cosignNeeded: "En orosanmälan väntar på din underskrift",
};

function schoolText({ kind, schoolName, districtName }: ConcernReportToSchoolProps) {
  switch (kind) {
    case "acknowledged":
      return (
        `Socialtjänsten vid ${districtName} har bekräftat att en orosanmälan från ${schoolName} ` +
        `har kommit in. Vem som är kontaktperson ser du i portalen.`
      );
    case "feedbackGiven":
      return (
        `Socialtjänsten vid ${districtName} har lämnat återkoppling på en orosanmälan från ` +
        `${schoolName}. Återkopplingen är sekretessbelagd och visas bara för den som anmälde ` +
        `och rektor.`
      );
    case "feedbackWithheld":
      return (
        `Socialtjänsten vid ${districtName} har lämnat besked om er begäran om återkoppling på ` +
        `en orosanmälan från ${schoolName}. Beskedet visas bara för den som anmälde och rektor.`
      );
    case "forwarded":
      return (
        `En orosanmälan från ${schoolName} har vidarebefordrats till socialtjänsten vid ` +
        `${districtName}. Deras kontaktuppgifter ser du i portalen.`
      );
    case "meetingProposed":
      return (
        `Socialtjänsten vid ${districtName} föreslår ett anmälningsmöte med ${schoolName}. ` +
        `Svara på förslaget i portalen.`
      );
    case "cosignNeeded":
      return (
        `En orosanmälan från ${schoolName} väntar på din underskrift som rektor. ` +
        `Anmälningsplikten gäller omedelbart – skriv under så snart du kan.`
      );
  }
}

export default function ConcernReportToSchool(props: ConcernReportToSchoolProps) {
  return (
    <EmailLayout preview={`${headings[props.kind]} – ${props.schoolName}`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        {headings[props.kind]}
      </Heading>
      <Text>Hej {props.recipientName},</Text>
      <Text>{schoolText(props)}</Text>
      <Text>Vilken anmälan det gäller ser du när du loggar in.</Text>
      <Button href={props.url} style={buttonStyle}>
        Öppna i portalen
      </Button>
      <Text>Om knappen inte fungerar, kopiera den här adressen till webbläsaren: {props.url}</Text>
    </EmailLayout>
  );
}
