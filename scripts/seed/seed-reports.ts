/**
 * Demo reports of concern (orosanmälan) and consultations (issue 7), called by seedDemo inside its
 * transaction after the children. Every state the intake's inbox and the school's list know is
 * here, with dates relative to now so that the inbox shows real ages and deadlines:
 *
 * Norrstrand's intake (mottagning@demo.test, Erik Sandberg):
 * - new, received three hours ago (an unknown child, from Björkdalsskolan's principal);
 * - new and overdue: received five days ago and never acknowledged (Strandängsskolan);
 * - acknowledged with "Mottagningen Norrstrand" as contact, and a correction note from the school;
 * - acknowledged with a decision recorded (not opened) and no feedback asked for;
 * - feedback asked for when sending, acknowledged, no decision yet;
 * - feedback given: decision "opened" a few days ago, released to the school;
 * - closed: feedback asked for after sending, decision "already ongoing", feedback given;
 * - a meeting proposed (a future time and a place), and one accepted by the school;
 * - forwarded to Centrum (the family moved): in Centrum's inbox, acknowledged by Centrum's intake.
 * Centrum's intake (mottagning.centrum@demo.test) also has a new one from Torgskolan; Söderås's
 * (mottagning.soderas@demo.test) has none.
 * At the school: one report waiting for the principal's co-signature at Friskolan Norrljus (whose
 * routine asks for it; sent by a mentor there who has no demo login), and one draft by the mentor
 * of Norrstrands gymnasium. kurator@demo.test's schools keep the default routine.
 *
 * Three consultation threads: one answered by Björkdalsskolan's contact person, one waiting for
 * an answer (Norrstrands gymnasium), one answered by Centrum's intake (Torgskolan).
 *
 * The rows are what the reports module writes: each report goes in once, in its final state (the
 * table's trigger makes a sent report a record), its content exactly what reportSchema produces
 * (the draft's what reportDraftSchema does), the reference from the module's sequence in order of
 * receipt, then its timeline, forwards, meetings and notes. Children are invented; identity numbers
 * are empty or official test numbers (test/fixtures/testpersonnummer.csv) that no other seed uses,
 * and only for the upper-secondary pupils they fit. No e-mail is queued and no audit event written:
 * nobody read anything.
 *
 * Idempotent: a report is made, with everything about it, only when its school has none by the
 * same author about the same child (name, or the description of an unknown child); a
 * consultation only when the school has none from the same person with the same subject.
 */
import { sql, type Transaction } from "kysely";
import { addToDate, stockholmDate } from "../../app/lib/dates";
import { parsePersonalIdentityNumber } from "../../app/lib/personal-identity-number";
import { acknowledgementDueOn } from "../../app/lib/working-days";
import {
  reportDraftSchema,
  reportSchema,
  type ReportInput,
  type ReportValues,
} from "../../app/modules/reports/schema";
import type { ConcernReportEventKind, Database, DecisionOutcome } from "../../db/schema";

type Trx = Transaction<Database>;

const CENTRUM = "Centrums stadsdelsförvaltning";

/** The school whose routine asks for the principal's co-signature (not kurator@'s or mentor@'s). */
export const COSIGN_SCHOOL = "Friskolan Norrljus";

/**
 * The mentor at Friskolan Norrljus who sent the report waiting for co-signature. No demo login
 * (no password): the state is shown from the principal's side, rektor.fristaende@demo.test.
 */
export const NORRLJUS_MENTOR = {
  email: "fredrik.olsson@demo.test",
  name: "Fredrik Olsson",
  title: "Lärare och mentor, åk 5",
  phone: "0611-34 30 15",
  school: COSIGN_SCHOOL,
} as const;

interface DemoMeeting {
  proposed: Date;
  by: string;
  startsAt: Date;
  place: string;
  accepted?: { at: Date; note: string };
}

interface DemoReport {
  school: string;
  /** The sender, by e-mail. */
  author: string;
  values: ReportInput;
  created: Date;
  /** A draft: saved, never sent. */
  draft?: { saved: Date; version: number };
  /** Sent, waiting for the principal. */
  awaitingCosign?: { submitted: Date };
  /** Sent straight to intake (no co-signature): submitted and received at once. */
  received?: Date;
  protection?: { at: Date; by: string };
  forwarded?: { at: Date; by: string; to: string; reason: string };
  /** Acknowledged by `by`; the contact is `by` with their phone unless named. */
  acknowledged?: { at: Date; by: string; contact?: { name: string; phone: string } };
  /** Asked for after sending (asked for when sending it is `values.wantsFeedback`). */
  feedbackRequestedLater?: Date;
  decision?: { outcome: DecisionOutcome; at: Date; by: string };
  /** Given separately, for a request that came after the decision. */
  feedbackGiven?: { at: Date; by: string };
  meeting?: DemoMeeting;
  note?: { at: Date; body: string };
  closed?: { at: Date; by: string };
}

interface DemoConsultation {
  school: string;
  askedBy: string;
  subject: string;
  messages: { author: string; side: "school" | "district"; at: Date; body: string }[];
}

/** The instant a wall-clock time in Europe/Stockholm stands for. */
function stockholmMoment(day: string, time: string): Date {
  const asUtc = new Date(`${day}T${time}:00Z`);
  const zone = new Intl.DateTimeFormat("en-US", {
    timeZone: "Europe/Stockholm",
    timeZoneName: "longOffset",
  })
    .formatToParts(asUtc)
    .find((part) => part.type === "timeZoneName")?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(zone ?? "");
  const offsetMinutes = match
    ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]))
    : 0;
  return new Date(asUtc.getTime() - offsetMinutes * 60 * 1000);
}

const KURATOR = "kurator@demo.test";
const REKTOR_BJORKDAL = "rektor@demo.test";
const REKTOR_GYMNASIUM = "rektor.gymnasium@demo.test";
const REKTOR_NORRLJUS = "rektor.fristaende@demo.test";
const REKTOR_TORGSKOLAN = "rektor.torgskolan@demo.test";
const MENTOR_GYMNASIUM = "mentor.gymnasium@demo.test";
const INTAKE_NORRSTRAND = "mottagning@demo.test";
const INTAKE_CENTRUM = "mottagning.centrum@demo.test";

const LINA = {
  reporterName: "Lina Berg",
  reporterRole: "Skolkurator",
  reporterPhone: "0611-34 10 20",
};
const KARIN = {
  reporterName: "Karin Lindqvist",
  reporterRole: "Rektor",
  reporterPhone: "0611-34 10 01",
};

/** The demo reports, relative to `now`. */
export function demoReports(now: Date): DemoReport[] {
  const today = stockholmDate(now);
  /** `days` calendar days ago (negative: ahead) at a Stockholm wall-clock time. */
  const ago = (days: number, time: string) =>
    stockholmMoment(addToDate(today, { days: -days }), time);
  const minutesBefore = (at: Date, minutes: number) => new Date(at.getTime() - minutes * 60_000);

  // Overdue: five days ago, or further back when holidays still leave it in time today.
  let overdueDays = 5;
  while (acknowledgementDueOn(ago(overdueDays, "10:40")) >= today) overdueDays++;
  const overdue = ago(overdueDays, "10:40");
  const threeHoursAgo = new Date(now.getTime() - 3 * 3_600_000);

  const INTAKE_MEETING_ROOM = "Norrstrands stadsdelsförvaltning, Norrvägen 4, mötesrum Ljusnan";

  return [
    {
      // Closed: decision "already ongoing", feedback asked for after sending and given.
      school: "Strandängsskolan",
      author: KURATOR,
      created: minutesBefore(ago(30, "09:50"), 35),
      received: ago(30, "09:50"),
      protection: { at: ago(30, "10:30"), by: INTAKE_NORRSTRAND },
      acknowledged: { at: ago(29, "08:40"), by: INTAKE_NORRSTRAND },
      decision: { outcome: "alreadyOngoing", at: ago(27, "13:00"), by: INTAKE_NORRSTRAND },
      feedbackRequestedLater: ago(24, "10:05"),
      feedbackGiven: { at: ago(24, "14:20"), by: INTAKE_NORRSTRAND },
      closed: { at: ago(20, "11:00"), by: INTAKE_NORRSTRAND },
      values: {
        childName: "Melvin Sjödin",
        childIdentityNumber: "",
        classYear: "5B",
        concern:
          "Melvin berättar att pappa slår honom när han blir arg. Han säger att han är rädd för att gå hem.",
        observations:
          "Melvin hade ett stort blåmärke på överarmen. När jag frågade berättade han att pappa tog tag i honom och slog honom med öppen hand flera gånger under helgen.",
        observedWhen: "Måndag förmiddag, samtal på kuratorsexpeditionen",
        observedBy: "Lina Berg, skolkurator, och klassläraren",
        guardiansInformed: "no",
        guardiansNotInformedReason:
          "Melvin är rädd för vad pappa gör om han får veta att han har berättat.",
        otherChildren: "En lillasyster, 3 år, går på förskola.",
        ...LINA,
        wantsFeedback: false,
        wantsMeeting: false,
      },
    },
    {
      // Feedback given: decision "opened", asked for when sending.
      school: "Björkdalsskolan",
      author: KURATOR,
      created: minutesBefore(ago(12, "08:15"), 40),
      received: ago(12, "08:15"),
      protection: { at: ago(12, "09:00"), by: INTAKE_NORRSTRAND },
      acknowledged: { at: ago(12, "10:30"), by: INTAKE_NORRSTRAND },
      decision: { outcome: "opened", at: ago(3, "14:30"), by: INTAKE_NORRSTRAND },
      values: {
        childName: "Alicia Nordqvist",
        childIdentityNumber: "",
        classYear: "8C",
        concern:
          "Alicia har hög frånvaro sedan september och säger att hon måste ta hand om sina småsyskon när mamma inte orkar gå upp.",
        observations:
          "Frånvaron är 38 procent den här terminen, mest förmiddagar. Alicia är trött och hungrig när hon kommer. Hon har berättat att mamma ligger i sängen flera dagar i sträck och att det ofta inte finns mat hemma.",
        observedWhen: "Frånvaron sedan början av september; samtalet med Alicia i förra veckan",
        observedBy: "Lina Berg, skolkurator, och mentorn Sara Holm",
        guardiansInformed: "yes",
        otherChildren: "Två yngre syskon, 4 och 7 år. Sjuåringen går i åk 1 på Björkdalsskolan.",
        ...LINA,
        wantsFeedback: true,
        wantsMeeting: false,
      },
    },
    {
      // Decision recorded (not opened); the school did not ask for feedback.
      school: "Norrstrands gymnasium",
      author: REKTOR_GYMNASIUM,
      created: minutesBefore(ago(10, "11:20"), 25),
      received: ago(10, "11:20"),
      protection: { at: ago(10, "11:50"), by: INTAKE_NORRSTRAND },
      acknowledged: { at: ago(9, "09:10"), by: INTAKE_NORRSTRAND },
      decision: { outcome: "notOpened", at: ago(2, "10:00"), by: INTAKE_NORRSTRAND },
      values: {
        childName: "Theo Marklund",
        childIdentityNumber: "200904052388",
        classYear: "EK22",
        concern:
          "Theo säger att han inte får sova hemma när mammas nya sambo är där och att han sovit hos kompisar flera nätter.",
        observations:
          "Theo har kommit i samma kläder flera dagar och somnat på lektionerna. Han sa till sin mentor att han ”inte har något hem just nu”.",
        observedWhen: "De senaste två veckorna",
        observedBy: "Theos mentor och rektor",
        guardiansInformed: "yes",
        reporterName: "Göran Lindberg",
        reporterRole: "Rektor",
        reporterPhone: "0611-34 40 01",
        wantsFeedback: false,
        wantsMeeting: false,
      },
    },
    {
      // A report meeting proposed by intake and accepted by the school.
      school: "Norrstrands gymnasium",
      author: MENTOR_GYMNASIUM,
      created: minutesBefore(ago(8, "13:05"), 50),
      received: ago(8, "13:05"),
      protection: { at: ago(8, "13:40"), by: INTAKE_NORRSTRAND },
      acknowledged: { at: ago(7, "08:50"), by: INTAKE_NORRSTRAND },
      meeting: {
        proposed: ago(6, "10:15"),
        by: INTAKE_NORRSTRAND,
        startsAt: ago(-2, "13:00"),
        place: "Norrstrands gymnasium, elevhälsans konferensrum",
        accepted: { at: ago(5, "08:30"), note: "Jag kommer tillsammans med skolkuratorn." },
      },
      values: {
        childName: "Nora Lindahl",
        childIdentityNumber: "200904082385",
        classYear: "SA22",
        concern:
          "Nora skadar sig själv och säger att det beror på bråken hemma. Hon vill inte att vi ringer hennes föräldrar.",
        observations:
          "Jag såg färska skärsår på Noras underarm på idrottslektionen. Hon berättade att föräldrarna skriker på henne och att pappa har kastat saker efter henne.",
        observedWhen: "Idrottslektionen i tisdags",
        observedBy: "Elin Strand, mentor, och idrottsläraren",
        guardiansInformed: "no",
        guardiansNotInformedReason:
          "Nora är rädd för hur pappa reagerar. Vi vill rådgöra med socialtjänsten innan föräldrarna kontaktas.",
        reporterName: "Elin Strand",
        reporterRole: "Lärare och mentor",
        reporterPhone: "0611-34 20 15",
        wantsFeedback: false,
        wantsMeeting: true,
      },
    },
    {
      // Feedback asked for when sending; acknowledged, no decision yet.
      school: "Björkdalsskolan",
      author: REKTOR_BJORKDAL,
      created: minutesBefore(ago(6, "14:30"), 30),
      received: ago(6, "14:30"),
      protection: { at: ago(6, "15:00"), by: INTAKE_NORRSTRAND },
      acknowledged: { at: ago(5, "09:00"), by: INTAKE_NORRSTRAND },
      values: {
        childName: "Vincent Åberg",
        childIdentityNumber: "",
        classYear: "3A",
        concern:
          "Vincent har flera gånger hämtats från fritids av sin pappa när pappa verkat påverkad av alkohol.",
        observations:
          "Fritidspersonalen har tre gånger den senaste månaden sett att pappa luktat alkohol, sluddrat och haft svårt att gå när han hämtat Vincent. En av gångerna körde han bil därifrån med Vincent.",
        observedWhen: "Tre tillfällen i oktober och november, senast i fredags",
        observedBy: "Två pedagoger på fritidshemmet",
        guardiansInformed: "no",
        guardiansNotInformedReason:
          "Vi bedömer att det kan öka risken för Vincent om pappa får veta innan socialtjänsten har gjort sin bedömning.",
        ...KARIN,
        wantsFeedback: true,
        wantsMeeting: false,
      },
    },
    {
      // New and overdue: never acknowledged.
      school: "Strandängsskolan",
      author: KURATOR,
      created: minutesBefore(overdue, 20),
      received: overdue,
      values: {
        childName: "Ella Forsberg",
        childIdentityNumber: "",
        classYear: "7A",
        concern: "Ella är ofta ensam hemma flera dygn i sträck när mamma arbetar på annan ort.",
        observations:
          "Ella berättade att hon var ensam hemma från söndag till torsdag förra veckan och att maten tog slut. Hon har missat flera morgonlektioner och verkar orolig och trött.",
        observedWhen: "Samtal med Ella i onsdags",
        observedBy: "Lina Berg, skolkurator",
        guardiansInformed: "yes",
        ...LINA,
        wantsFeedback: false,
        wantsMeeting: false,
      },
    },
    {
      // Forwarded to Centrum, whose intake has acknowledged it.
      school: "Björkdalsskolan",
      author: KURATOR,
      created: minutesBefore(ago(4, "09:25"), 30),
      received: ago(4, "09:25"),
      protection: { at: ago(4, "10:10"), by: INTAKE_NORRSTRAND },
      forwarded: {
        at: ago(4, "11:30"),
        by: INTAKE_NORRSTRAND,
        to: CENTRUM,
        reason:
          "Familjen flyttade till Centrum i oktober. Adam går kvar på Björkdalsskolan terminen ut, men ärendet hör till Centrums mottagning.",
      },
      acknowledged: { at: ago(3, "08:45"), by: INTAKE_CENTRUM },
      values: {
        childName: "Adam Rashid",
        childIdentityNumber: "",
        classYear: "6B",
        concern:
          "Adam berättar att mamma och hennes sambo grälar högljutt varje kväll och att sambon har knuffat mamma så att hon föll.",
        observations:
          "Adam har varit tyst och ledsen i flera veckor. I förrgår sa han till sin lärare att han sover med kläderna på ”ifall vi måste springa”.",
        observedWhen: "I förrgår, på rasten",
        observedBy: "Klassläraren och Lina Berg, skolkurator",
        guardiansInformed: "no",
        guardiansNotInformedReason: "Om sambon får veta kan det bli farligare för Adam och mamma.",
        otherChildren: "En lillebror, 2 år.",
        ...LINA,
        wantsFeedback: false,
        wantsMeeting: false,
      },
    },
    {
      // A report meeting proposed, waiting for the school's answer.
      school: COSIGN_SCHOOL,
      author: REKTOR_NORRLJUS,
      created: minutesBefore(ago(3, "10:00"), 45),
      received: ago(3, "10:00"),
      protection: { at: ago(3, "10:30"), by: INTAKE_NORRSTRAND },
      acknowledged: { at: ago(3, "13:15"), by: INTAKE_NORRSTRAND },
      meeting: {
        proposed: ago(1, "15:00"),
        by: INTAKE_NORRSTRAND,
        startsAt: ago(-6, "09:30"),
        place: INTAKE_MEETING_ROOM,
      },
      values: {
        childName: "Selma Öhman",
        childIdentityNumber: "",
        classYear: "Åk 2",
        concern:
          "Selma kommer ofta till skolan smutsig, i för små kläder och utan frukost, och hon har gått ner i vikt.",
        observations:
          "Sedan sommarlovet har Selma ofta samma kläder i flera veckor och äter mycket i matsalen. Skolsköterskan har sett att hon gått ner i vikt sedan hälsobesöket i augusti.",
        observedWhen: "Från augusti och framåt, senast i måndags",
        observedBy: "Klassläraren, skolsköterskan och rektor",
        guardiansInformed: "yes",
        reporterName: "Johan Ekström",
        reporterRole: "Rektor",
        reporterPhone: "0611-34 20 02",
        wantsFeedback: false,
        wantsMeeting: true,
      },
    },
    {
      // Acknowledged with the unit as contact; the school has added a correction since.
      school: "Strandängsskolan",
      author: KURATOR,
      created: minutesBefore(ago(2, "08:30"), 25),
      received: ago(2, "08:30"),
      protection: { at: ago(2, "09:00"), by: INTAKE_NORRSTRAND },
      acknowledged: {
        at: ago(2, "10:45"),
        by: INTAKE_NORRSTRAND,
        contact: { name: "Mottagningen Norrstrand", phone: "0611-35 00 00" },
      },
      note: {
        at: ago(1, "13:20"),
        body: "Rättelse: samtalet med Hampus var i tisdags, inte i måndags. Hampus har i dag också berättat att han blivit inlåst minst två gånger tidigare i höstas.",
      },
      values: {
        childName: "Hampus Wennberg",
        childIdentityNumber: "",
        classYear: "9A",
        concern:
          "Hampus berättar att pappa låser in honom på rummet som straff och att han inte får äta då.",
        observations:
          "Hampus sa att han var inlåst hela lördagen i förra veckan och bara fick vatten. Han verkade skämmas när han berättade.",
        observedWhen: "Samtal med Hampus i måndags",
        observedBy: "Lina Berg, skolkurator",
        guardiansInformed: "no",
        guardiansNotInformedReason:
          "Hampus är rädd att pappa blir arg om han får veta att han har berättat.",
        ...LINA,
        wantsFeedback: false,
        wantsMeeting: false,
      },
    },
    {
      // Centrum: new since yesterday.
      school: "Torgskolan",
      author: REKTOR_TORGSKOLAN,
      created: minutesBefore(ago(1, "14:10"), 30),
      received: ago(1, "14:10"),
      values: {
        childName: "Milo Hedlund",
        childIdentityNumber: "",
        classYear: "4B",
        concern: "Milo berättar att pappa slår honom med ett bälte.",
        observations:
          "Milo hade röda strimmor på ryggen när han bytte om till idrotten. Han sa att pappa slog honom med bältet för att han inte hade gjort läxan.",
        observedWhen: "I går, vid idrottslektionen",
        observedBy: "Idrottsläraren och skolsköterskan",
        guardiansInformed: "no",
        guardiansNotInformedReason:
          "Vid misstanke om våld i hemmet berättar vi inte för vårdnadshavarna innan socialtjänsten har bedömt situationen.",
        reporterName: "Eva Sundberg",
        reporterRole: "Rektor",
        reporterPhone: "0611-33 50 01",
        wantsFeedback: false,
        wantsMeeting: false,
      },
    },
    {
      // New: three hours ago, a child nobody at the school knows.
      school: "Björkdalsskolan",
      author: REKTOR_BJORKDAL,
      created: minutesBefore(threeHoursAgo, 15),
      received: threeHoursAgo,
      values: {
        childUnknown: true,
        childName: "",
        childIdentityNumber: "",
        childDescription:
          "En pojke, ungefär 9 år, i mörkblå overall och röd mössa. Han går inte på Björkdalsskolan men är ofta på skolgården efter skoltid. Han säger att han heter Kevin.",
        concern:
          "Pojken är kvar ensam på skolgården sent på kvällen i kylan och säger att han inte får komma in hemma förrän mamma kommer.",
        observations:
          "Fritidspersonalen har sett honom ensam på skolgården till efter klockan 19 flera kvällar den här veckan. I dag sa han att han inte ätit sedan lunch och att han är rädd för mammas pojkvän.",
        observedWhen: "Flera kvällar den här veckan, senast i går kväll",
        observedBy: "Två fritidspedagoger på Björkdalsskolan",
        guardiansInformed: "no",
        guardiansNotInformedReason: "Vi vet inte vilka hans vårdnadshavare är.",
        ...KARIN,
        wantsFeedback: false,
        wantsMeeting: false,
      },
    },
    {
      // Waiting for the principal's co-signature (the school's routine).
      school: COSIGN_SCHOOL,
      author: NORRLJUS_MENTOR.email,
      created: ago(1, "15:50"),
      awaitingCosign: { submitted: ago(1, "16:20") },
      values: {
        childName: "Lova Engström",
        childIdentityNumber: "",
        classYear: "Åk 5",
        concern:
          "Lova säger att hon inte vågar gå hem, eftersom mamma blir arg och slår henne när hon får dåliga resultat.",
        observations:
          "Efter utvecklingssamtalet stannade Lova kvar och grät. Hon visade ett blåmärke på låret och sa att mamma hade slagit henne med en slev.",
        observedWhen: "I går, efter utvecklingssamtalet",
        observedBy: "Fredrik Olsson, mentor",
        guardiansInformed: "no",
        guardiansNotInformedReason: "Lova är rädd för vad mamma gör om hon får veta.",
        reporterName: NORRLJUS_MENTOR.name,
        reporterRole: NORRLJUS_MENTOR.title,
        reporterPhone: NORRLJUS_MENTOR.phone,
        wantsFeedback: true,
        wantsMeeting: false,
      },
    },
    {
      // A mentor's draft, half written.
      school: "Norrstrands gymnasium",
      author: MENTOR_GYMNASIUM,
      created: ago(2, "12:05"),
      draft: { saved: ago(1, "19:45"), version: 2 },
      values: {
        childName: "Isak Holmgren",
        classYear: "TE23",
        concern:
          "Isak har inte varit i skolan på tre veckor och svarar inte när vi ringer. Hans mamma säger att hon inte orkar",
        reporterName: "Elin Strand",
        reporterRole: "Lärare och mentor",
        reporterPhone: "0611-34 20 15",
      },
    },
  ];
}

/** The demo consultation threads, relative to `now`. */
export function demoConsultations(now: Date): DemoConsultation[] {
  const today = stockholmDate(now);
  const ago = (days: number, time: string) =>
    stockholmMoment(addToDate(today, { days: -days }), time);
  return [
    {
      school: "Björkdalsskolan",
      askedBy: "mentor@demo.test",
      subject: "Elev som ofta kommer hungrig och utan jacka",
      messages: [
        {
          author: "mentor@demo.test",
          side: "school",
          at: ago(9, "10:12"),
          body: "Hej! En elev i åk 8 kommer de senaste veckorna ofta utan frukost och utan jacka, trots kylan. Eleven säger att det är stökigt hemma men vill inte berätta mer. Ska vi göra en orosanmälan, eller prata med vårdnadshavarna först?",
        },
        {
          author: "handlaggare@demo.test",
          side: "district",
          at: ago(8, "13:40"),
          body: "Hej Sara! Det du beskriver kan vara tecken på att eleven far illa, och då gäller anmälningsplikten. Ni behöver inte vara säkra. Prata gärna med vårdnadshavarna först om det inte gör det svårare för eleven, men vänta inte för länge. Ring mottagningen på 0611-35 00 00 om ni vill resonera vidare.",
        },
        {
          author: "mentor@demo.test",
          side: "school",
          at: ago(8, "15:05"),
          body: "Tack! Vi bjuder in vårdnadshavarna till ett samtal i veckan och hör av oss efter det.",
        },
      ],
    },
    {
      school: "Norrstrands gymnasium",
      askedBy: REKTOR_GYMNASIUM,
      subject: "Elev som snart fyller 18 och har flyttat hemifrån",
      messages: [
        {
          author: REKTOR_GYMNASIUM,
          side: "school",
          at: ago(1, "11:30"),
          body: "Vi har en elev i år 3 som fyller 18 om en månad och som berättar att hon har blivit utkastad hemifrån och bor hos en kompis. Gäller anmälningsplikten fortfarande, och vart vänder vi oss när hon har fyllt 18?",
        },
      ],
    },
    {
      school: "Torgskolan",
      askedBy: REKTOR_TORGSKOLAN,
      subject: "Förälder som inte vill att vi ger uppgifter till den andra föräldern",
      messages: [
        {
          author: REKTOR_TORGSKOLAN,
          side: "school",
          at: ago(6, "09:00"),
          body: "En mamma har bett oss att inte berätta något om barnet för pappan, som har gemensam vårdnad. Hon säger att han har varit hotfull mot henne. Hur ska vi tänka, och är det något ni behöver veta?",
        },
        {
          author: INTAKE_CENTRUM,
          side: "district",
          at: ago(5, "10:30"),
          body: "Hej Eva! Båda vårdnadshavarna har som huvudregel rätt till information från skolan. Om ni misstänker att barnet far illa, till exempel bevittnar hot eller våld hemma, ska ni göra en orosanmälan. Ring gärna mottagningen på 0611-37 00 00 så resonerar vi om situationen utan att ni nämner barnets namn.",
        },
      ],
    },
  ];
}

/** The content as submitReport stores it: the identity number in its 12 digits. */
export function sentContent(values: ReportInput): ReportValues {
  const parsed = reportSchema.parse(values);
  const number = parsed.childIdentityNumber
    ? parsePersonalIdentityNumber(parsed.childIdentityNumber)
    : null;
  if (number && !number.ok) throw new Error(`Demo report: bad identity number`);
  return {
    ...parsed,
    childIdentityNumber: number?.ok ? number.normalised : "",
    guardiansNotInformedReason:
      parsed.guardiansInformed === "no" ? parsed.guardiansNotInformedReason : "",
  };
}

interface Person {
  id: string;
  name: string;
  phone: string | null;
  /** Active memberships: organisation name → id. */
  organisations: Map<string, string>;
}

interface PendingEvent {
  kind: ConcernReportEventKind;
  at: Date;
  actor: Person;
  organisation: { id: string; name: string };
  details?: Record<string, unknown>;
}

export async function seedReports(trx: Trx, now: Date = new Date()): Promise<void> {
  const people = new Map<string, Person>();
  async function person(email: string): Promise<Person> {
    const known = people.get(email);
    if (known) return known;
    const rows = await trx
      .selectFrom("users as u")
      .innerJoin("memberships as m", "m.userId", "u.id")
      .innerJoin("organisations as o", "o.id", "m.organisationId")
      .select(["u.id", "u.name", "u.phone", "o.id as organisationId", "o.name as organisationName"])
      .where("u.email", "=", email)
      .where("m.endedAt", "is", null)
      .execute();
    if (rows.length === 0) throw new Error(`Demo reports: no active member ${email}`);
    const found: Person = {
      id: rows[0]!.id,
      name: rows[0]!.name,
      phone: rows[0]!.phone,
      organisations: new Map(rows.map((r) => [r.organisationName, r.organisationId])),
    };
    people.set(email, found);
    return found;
  }
  /** The organisation `who` acts for: `name` when given, else their only one. */
  function actingFor(who: Person, name?: string): { id: string; name: string } {
    if (name) {
      const id = who.organisations.get(name);
      if (!id) throw new Error(`Demo reports: ${who.name} is not a member of ${name}`);
      return { id, name };
    }
    if (who.organisations.size !== 1) throw new Error(`Demo reports: ${who.name} acts for whom?`);
    const [entry] = [...who.organisations];
    return { id: entry![1], name: entry![0] };
  }

  const organisations = new Map<string, { id: string; districtId: string | null }>();
  for (const row of await trx
    .selectFrom("organisations")
    .select(["id", "name", "districtId"])
    .where("kind", "in", ["school", "district"])
    .execute()) {
    organisations.set(row.name, row);
  }
  const organisation = (name: string) => {
    const row = organisations.get(name);
    if (!row) throw new Error(`Demo reports: no organisation ${name}`);
    return row;
  };

  await seedNorrljusMentor(trx);

  // In order of receipt, so that the references follow it; the unsent ones last.
  const reports = demoReports(now).sort(
    (a, b) => (a.received?.getTime() ?? Infinity) - (b.received?.getTime() ?? Infinity),
  );
  for (const report of reports) {
    const school = organisation(report.school);
    const author = await person(report.author);
    const schoolSide = actingFor(author, report.school);
    const homeDistrict = school.districtId!;

    const content: Record<string, unknown> = report.draft
      ? reportDraftSchema.parse(report.values)
      : sentContent(report.values);
    const key = content.childUnknown
      ? { childDescription: content.childDescription }
      : { childName: content.childName };
    const existing = await trx
      .selectFrom("concernReports")
      .select("id")
      .where("schoolId", "=", school.id)
      .where("createdBy", "=", author.id)
      .where(sql<boolean>`content @> ${JSON.stringify(key)}::jsonb`)
      .executeTakeFirst();
    if (existing) continue;

    for (const at of [
      report.created,
      report.draft?.saved,
      report.awaitingCosign?.submitted,
      report.received,
      report.closed?.at,
      report.meeting?.accepted?.at,
    ]) {
      if (at && at > now)
        throw new Error(`Demo reports: a report of ${report.school} in the future`);
    }

    const events: PendingEvent[] = [];
    const districtSide = async (email: string) => {
      const who = await person(email);
      return { who, organisation: actingFor(who) };
    };
    const wantsFeedback = content.wantsFeedback === true;
    const wantsMeeting = content.wantsMeeting === true;

    const submitted = report.awaitingCosign?.submitted ?? report.received ?? null;
    if (submitted)
      events.push({ kind: "submitted", at: submitted, actor: author, organisation: schoolSide });
    if (report.received) {
      events.push({
        kind: "received",
        at: report.received,
        actor: author,
        organisation: schoolSide,
        details: { districtId: homeDistrict },
      });
    }

    const protection = report.protection ? await districtSide(report.protection.by) : null;
    if (protection) {
      events.push({
        kind: "protectionAssessed",
        at: report.protection!.at,
        actor: protection.who,
        organisation: protection.organisation,
      });
    }

    let districtId = homeDistrict;
    const forward = report.forwarded ? await districtSide(report.forwarded.by) : null;
    if (forward) {
      const target = organisation(report.forwarded!.to);
      if (forward.organisation.id !== homeDistrict)
        throw new Error("Demo reports: forwarded by whom?");
      districtId = target.id;
      events.push({
        kind: "forwarded",
        at: report.forwarded!.at,
        actor: forward.who,
        organisation: forward.organisation,
        details: {
          fromDistrictId: homeDistrict,
          toDistrictId: target.id,
          toDistrictName: report.forwarded!.to,
        },
      });
    }

    const acknowledgement = report.acknowledged ? await districtSide(report.acknowledged.by) : null;
    const contact = acknowledgement
      ? (report.acknowledged!.contact ?? {
          name: acknowledgement.who.name,
          phone: acknowledgement.who.phone!,
        })
      : null;
    if (acknowledgement) {
      if (acknowledgement.organisation.id !== districtId) {
        throw new Error("Demo reports: acknowledged by another district");
      }
      events.push({
        kind: "acknowledged",
        at: report.acknowledged!.at,
        actor: acknowledgement.who,
        organisation: acknowledgement.organisation,
        details: { contactName: contact!.name },
      });
    }

    const feedbackRequestedAt = wantsFeedback
      ? (report.received ?? null)
      : (report.feedbackRequestedLater ?? null);
    if (report.feedbackRequestedLater) {
      if (wantsFeedback) throw new Error("Demo reports: feedback asked for twice");
      events.push({
        kind: "feedbackRequested",
        at: report.feedbackRequestedLater,
        actor: author,
        organisation: schoolSide,
      });
    }

    const decision = report.decision ? await districtSide(report.decision.by) : null;
    let feedbackGiven: { at: Date; by: string } | null = null;
    if (decision) {
      events.push({
        kind: "decisionRecorded",
        at: report.decision!.at,
        actor: decision.who,
        organisation: decision.organisation,
        details: { outcome: report.decision!.outcome },
      });
      // A decision on a report whose feedback was asked for goes back to the school at once.
      if (feedbackRequestedAt && feedbackRequestedAt <= report.decision!.at) {
        feedbackGiven = { at: report.decision!.at, by: report.decision!.by };
      }
    }
    if (report.feedbackGiven) {
      if (feedbackGiven || !feedbackRequestedAt || !report.decision) {
        throw new Error("Demo reports: feedback given how?");
      }
      feedbackGiven = report.feedbackGiven;
    }
    const feedbackGiver = feedbackGiven ? await districtSide(feedbackGiven.by) : null;
    if (feedbackGiver) {
      events.push({
        kind: "feedbackGiven",
        at: feedbackGiven!.at,
        actor: feedbackGiver.who,
        organisation: feedbackGiver.organisation,
      });
    }

    const closer = report.closed ? await districtSide(report.closed.by) : null;
    if (closer) {
      if (!report.acknowledged || (feedbackRequestedAt && !feedbackGiven)) {
        throw new Error("Demo reports: closed before it could be");
      }
      events.push({
        kind: "closed",
        at: report.closed!.at,
        actor: closer.who,
        organisation: closer.organisation,
      });
    }

    const received = report.received ?? null;
    const { id: reportId } = await trx
      .insertInto("concernReports")
      .values({
        reference: received
          ? sql<string>`next_concern_report_reference(${received}::timestamptz)`
          : null,
        status: report.draft
          ? "draft"
          : report.awaitingCosign
            ? "awaitingCosign"
            : report.closed
              ? "closed"
              : "received",
        schoolId: school.id,
        districtId,
        createdBy: author.id,
        createdAt: report.created,
        content: JSON.stringify(content),
        version: report.draft?.version ?? 0,
        savedAt: report.draft?.saved ?? submitted,
        cosignRequired: report.awaitingCosign !== undefined,
        wantsFeedback,
        wantsMeeting,
        submittedAt: submitted,
        receivedAt: received,
        arrivedAt: report.forwarded?.at ?? received,
        protectionAssessedAt: report.protection?.at ?? null,
        protectionAssessedBy: protection?.who.id ?? null,
        acknowledgedAt: report.acknowledged?.at ?? null,
        acknowledgedBy: acknowledgement?.who.id ?? null,
        contactUserId:
          acknowledgement && contact!.name === acknowledgement.who.name
            ? acknowledgement.who.id
            : null,
        contactName: contact?.name ?? null,
        contactPhone: contact?.phone ?? null,
        feedbackRequestedAt,
        feedbackRequestedBy: feedbackRequestedAt ? author.id : null,
        decisionOutcome: report.decision?.outcome ?? null,
        decisionOn: report.decision ? stockholmDate(report.decision.at) : null,
        decisionRecordedAt: report.decision?.at ?? null,
        decisionRecordedBy: decision?.who.id ?? null,
        feedbackGivenAt: feedbackGiven?.at ?? null,
        feedbackGivenBy: feedbackGiver?.who.id ?? null,
        closedAt: report.closed?.at ?? null,
        closedBy: closer?.who.id ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    if (report.awaitingCosign) {
      // The routine that made it wait; set with the report, so a principal's later choice stays.
      await trx
        .updateTable("organisations")
        .set({ reportCosignRequired: true })
        .where("id", "=", school.id)
        .execute();
    }

    if (forward) {
      await trx
        .insertInto("concernReportForwards")
        .values({
          reportId,
          fromDistrictId: homeDistrict,
          toDistrictId: districtId,
          reason: report.forwarded!.reason,
          forwardedBy: forward.who.id,
          forwardedAt: report.forwarded!.at,
        })
        .execute();
    }

    if (report.meeting) {
      const { who, organisation: proposer } = await districtSide(report.meeting.by);
      const accepted = report.meeting.accepted;
      if (report.meeting.startsAt <= report.meeting.proposed) {
        throw new Error("Demo reports: a meeting proposed for the past");
      }
      const { id: meetingId } = await trx
        .insertInto("concernReportMeetings")
        .values({
          reportId,
          startsAt: report.meeting.startsAt,
          place: report.meeting.place,
          proposedBy: who.id,
          proposedAt: report.meeting.proposed,
          status: accepted ? "accepted" : "proposed",
          answeredBy: accepted ? author.id : null,
          answeredAt: accepted?.at ?? null,
          answerNote: accepted?.note ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      events.push({
        kind: "meetingProposed",
        at: report.meeting.proposed,
        actor: who,
        organisation: proposer,
        details: { meetingId },
      });
      if (accepted) {
        events.push({
          kind: "meetingAccepted",
          at: accepted.at,
          actor: author,
          organisation: schoolSide,
          details: { meetingId },
        });
      }
    }

    if (report.note) {
      const { id: noteId } = await trx
        .insertInto("concernReportNotes")
        .values({
          reportId,
          body: report.note.body,
          writtenBy: author.id,
          writtenAt: report.note.at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      events.push({
        kind: "noteAdded",
        at: report.note.at,
        actor: author,
        organisation: schoolSide,
        details: { noteId },
      });
    }

    events.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const event of events) {
      if (event.at > now) throw new Error(`Demo reports: a ${event.kind} event in the future`);
      await trx
        .insertInto("concernReportEvents")
        .values({
          reportId,
          kind: event.kind,
          occurredAt: event.at,
          actorUserId: event.actor.id,
          actorName: event.actor.name,
          actorOrganisationId: event.organisation.id,
          actorOrganisationName: event.organisation.name,
          details: event.details ? JSON.stringify(event.details) : null,
        })
        .execute();
    }
  }

  for (const thread of demoConsultations(now)) {
    const school = organisation(thread.school);
    const asker = await person(thread.askedBy);
    const existing = await trx
      .selectFrom("consultations")
      .select("id")
      .where("schoolId", "=", school.id)
      .where("askedBy", "=", asker.id)
      .where("subject", "=", thread.subject)
      .executeTakeFirst();
    if (existing) continue;
    const { id: consultationId } = await trx
      .insertInto("consultations")
      .values({
        schoolId: school.id,
        districtId: school.districtId!,
        subject: thread.subject,
        askedBy: asker.id,
        askedAt: thread.messages[0]!.at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const message of thread.messages) {
      const author = await person(message.author);
      await trx
        .insertInto("consultationMessages")
        .values({
          consultationId,
          authorUserId: author.id,
          side: message.side,
          body: message.body,
          writtenAt: message.at,
        })
        .execute();
    }
  }
}

/** The mentor at Friskolan Norrljus: a member of staff without a demo login. */
async function seedNorrljusMentor(trx: Trx): Promise<void> {
  await trx
    .insertInto("users")
    .values({
      email: NORRLJUS_MENTOR.email,
      name: NORRLJUS_MENTOR.name,
      title: NORRLJUS_MENTOR.title,
      phone: NORRLJUS_MENTOR.phone,
      passwordHash: null,
    })
    .onConflict((oc) => oc.column("email").doNothing())
    .execute();
  const { id: userId } = await trx
    .selectFrom("users")
    .select("id")
    .where("email", "=", NORRLJUS_MENTOR.email)
    .executeTakeFirstOrThrow();
  const { id: organisationId } = await trx
    .selectFrom("organisations")
    .select("id")
    .where("kind", "=", "school")
    .where("name", "=", NORRLJUS_MENTOR.school)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("memberships")
    .values({
      userId,
      organisationId,
      organisationKind: "school",
      role: "mentor",
      createdAt: new Date(),
    })
    .onConflict((oc) =>
      oc.columns(["userId", "organisationId", "role"]).where("endedAt", "is", null).doNothing(),
    )
    .execute();
}
