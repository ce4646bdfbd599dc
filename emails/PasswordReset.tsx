import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./Layout";

export interface PasswordResetProps {
  name: string;
  url: string;
  validMinutes: number;
}

export const passwordResetSubject = () => "Återställ ditt lösenord i Samverkansportalen";

export default function PasswordReset(props: PasswordResetProps) {
  return (
    <EmailLayout preview="Välj ett nytt lösenord till Samverkansportalen">
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Välj ett nytt lösenord
      </Heading>
      <Text>Hej {props.name},</Text>
      <Text>
        Någon, förhoppningsvis du, har bett om att få återställa lösenordet till ditt konto. Länken
        fungerar en gång och i {props.validMinutes} minuter.
      </Text>
      <Button href={props.url} style={buttonStyle}>
        Välj nytt lösenord
      </Button>
      <Text>Om knappen inte fungerar, kopiera den här adressen till webbläsaren: {props.url}</Text>
      <Text>
        Har du inte bett om detta kan du bortse från meddelandet; ditt lösenord ändras inte. Hör av
        dig till din chef eller rektor om det händer igen.
      </Text>
    </EmailLayout>
  );
}
