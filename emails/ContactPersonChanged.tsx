import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout } from "./Layout";

export interface ContactPersonChangedProps {
  principalName: string;
  schoolName: string;
  districtName: string;
  contactName: string;
  contactPhone: string | null;
  contactEmail: string;
  deputyName: string | null;
  url: string;
}

export const contactPersonChangedSubject = () => "Ny kontaktperson i socialtjänsten för er skola";

export default function ContactPersonChanged(props: ContactPersonChangedProps) {
  return (
    <EmailLayout preview={`${props.schoolName} har fått en ny kontaktperson`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Ny kontaktperson för {props.schoolName}
      </Heading>
      <Text>Hej {props.principalName},</Text>
      <Text>
        {props.districtName} har utsett en ny kontaktperson för {props.schoolName}:{" "}
        {props.contactName}
        {props.contactPhone ? `, telefon ${props.contactPhone}` : ""}, e-post {props.contactEmail}.
        {props.deputyName ? ` Ersättare är ${props.deputyName}.` : ""}
      </Text>
      <Text>Kontaktpersonen visas alltid överst på skolans startsida i portalen.</Text>
      <Button href={props.url} style={buttonStyle}>
        Öppna Samverkansportalen
      </Button>
    </EmailLayout>
  );
}
