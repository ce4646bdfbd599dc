import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./Layout";

export interface SecondFactorResetProps {
  name: string;
  /** Who reset it: the administrator's name. */
  resetBy: string;
  url: string;
}

export const secondFactorResetSubject = () =>
  "Din tvåstegsverifiering i Samverkansportalen är återställd";

export default function SecondFactorReset(props: SecondFactorResetProps) {
  return (
    <EmailLayout preview="Din tvåstegsverifiering är återställd">
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Din tvåstegsverifiering är återställd
      </Heading>
      <Text>Hej {props.name},</Text>
      <Text>
        {props.resetBy}, systemadministratör, har återställt tvåstegsverifieringen för ditt konto:
        din autentiseringsapp, dina reservkoder och dina nycklar (passkeys) fungerar inte längre,
        och du är utloggad överallt.
      </Text>
      <Text>
        Nästa gång du loggar in med ditt lösenord får du lägga till en autentiseringsapp igen.
      </Text>
      <Button href={props.url} style={buttonStyle}>
        Logga in
      </Button>
      <Text>Om knappen inte fungerar, kopiera den här adressen till webbläsaren: {props.url}</Text>
      <Text>
        Har du inte bett om detta? Kontakta din chef eller kommunens IT-support med en gång: någon
        kan ha försökt komma åt ditt konto.
      </Text>
    </EmailLayout>
  );
}
