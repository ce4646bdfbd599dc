import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./Layout";

/**
 * To a guardian (or the young person): a request for consent. It names no child: the page shows
 * the child's first name only after the child's date of birth is confirmed.
 */
export interface ConsentRequestProps {
  districtName: string;
  /** The caseworker who sent it, to ask questions. */
  contactName: string;
  url: string;
  /** "9 december 2026". */
  validUntil: string;
}

export const consentRequestSubject = () =>
  "Socialtjänsten ber om ditt samtycke – Samverkansportalen";

export default function ConsentRequest(props: ConsentRequestProps) {
  return (
    <EmailLayout
      preview={`Socialtjänsten vid ${props.districtName} ber om ditt samtycke`}
      audience="public"
    >
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Socialtjänsten ber om ditt samtycke
      </Heading>
      <Text>Hej,</Text>
      <Text>
        Socialtjänsten vid {props.districtName} ber om ditt samtycke till att socialtjänsten och
        skolan får utbyta vissa uppgifter om ett barns skolgång. Syftet är att barnet ska få det
        stöd det behöver i skolan.
      </Text>
      <Text>
        Öppna länken för att läsa vilka uppgifter det gäller, mellan vilka och hur länge, och för
        att svara ja eller nej. Innan du ser mer bekräftar du barnets födelsedatum.
      </Text>
      <Button href={props.url} style={buttonStyle}>
        Läs och svara
      </Button>
      <Text>Om knappen inte fungerar, kopiera den här adressen till webbläsaren: {props.url}</Text>
      <Text>
        Länken fungerar en gång och gäller till och med {props.validUntil}. Ett samtycke kan alltid
        tas tillbaka, när som helst, genom att du kontaktar socialtjänsten.
      </Text>
      <Text>
        Har du frågor? Kontakta {props.contactName} på socialtjänsten vid {props.districtName}.
        Väntade du dig inte det här meddelandet kan du bortse från det.
      </Text>
    </EmailLayout>
  );
}
