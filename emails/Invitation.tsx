import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./Layout";

export interface InvitationProps {
  inviteeName: string;
  inviterName: string;
  organisationName: string;
  roleLabel: string;
  url: string;
  expiresOn: string;
  /** Why the person is invited, e.g. to sign a cooperation agreement; one sentence shown as is. */
  purpose?: string | null;
}

export const invitationSubject = () => "Du är inbjuden till Samverkansportalen";

export default function Invitation(props: InvitationProps) {
  return (
    <EmailLayout preview={`${props.inviterName} bjuder in dig till Samverkansportalen`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Välkommen till Samverkansportalen
      </Heading>
      <Text>Hej {props.inviteeName},</Text>
      <Text>
        {props.inviterName} har bjudit in dig att använda Samverkansportalen som{" "}
        {props.roleLabel.toLowerCase()} för {props.organisationName}. I portalen samverkar skolor
        och socialtjänst kring barn och elever.
      </Text>
      {props.purpose ? <Text>{props.purpose}</Text> : null}
      <Text>
        Välj ett lösenord för att komma in. Länken fungerar en gång och gäller till och med{" "}
        {props.expiresOn}.
      </Text>
      <Button href={props.url} style={buttonStyle}>
        Välj lösenord och logga in
      </Button>
      <Text>Om knappen inte fungerar, kopiera den här adressen till webbläsaren: {props.url}</Text>
      <Text>Väntade du dig inte den här inbjudan kan du bortse från meddelandet.</Text>
    </EmailLayout>
  );
}
