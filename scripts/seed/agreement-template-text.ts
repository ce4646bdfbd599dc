/**
 * Default text of the municipality's model cooperation agreement between social services and
 * schools (stödmaterial / mall, `agreementTemplate`), used by scripts/seed/seed.ts and by tests.
 *
 * This is demo/default content: an administrator can revise the template in the portal, and
 * agreements made from it may be adapted before they are sent for signing. Two revisions are
 * given: DEFAULT_AGREEMENT_TEMPLATE_REVISION_1 (an earlier text, 2024 in spirit) and
 * DEFAULT_AGREEMENT_TEMPLATE (revision 2, current). Legal references follow
 * ../shared/design/LAW.md: Socialtjänstlag (2025:400), never the repealed act.
 *
 * Section bodies are plain text; paragraphs are separated by a blank line ("\n\n").
 */
import { AGREEMENT_FIGURES } from "../../app/modules/follow-up/figure-names";
import type { AgreementContactRole, AgreementMeeting, AgreementSection } from "../../db/schema";

export interface AgreementTemplateText {
  title: string;
  introduction: string;
  sections: AgreementSection[];
}

/** Joins paragraphs with a blank line, the format of every body in a template. */
function paragraphs(...texts: string[]): string {
  return texts.join("\n\n");
}

const TITLE = "Samverkansöverenskommelse mellan socialtjänst och skola";

// ---------------------------------------------------------------------------------------------
// Revision 2 (current)
// ---------------------------------------------------------------------------------------------

const INTRODUCTION = paragraphs(
  "Skolan är den starkaste skyddsfaktorn för barn och unga. Ett barn som går i skolan, trivs och lyckas med sitt lärande har bättre förutsättningar för ett gott liv. När socialtjänst och skola samverkar kan barn som far illa eller riskerar att fara illa upptäckas tidigt och få rätt stöd. Överenskommelsen beskriver formerna för samverkan, vilka områden den omfattar och hur ansvaret är fördelat.",
  "Överenskommelsen gäller mellan socialtjänsten i stadsdelsförvaltningen och de skolenheter som har undertecknat den, kommunala som fristående. Den binder båda parter och ska vara känd av alla medarbetare som berörs. Den bygger på skollagen 29 kap. 13 §, socialtjänstlagen (2025:400) 18 kap. 6 § och kommunens stödmaterial för samverkan mellan socialtjänst och skola.",
  "Överenskommelsen revideras minst vart annat år och dessutom när kommunens stödmaterial ändras. Rektor och enhetschef ansvarar för att den hålls aktuell.",
);

const GENERAL: AgreementSection = {
  heading: "Allmänna frågor",
  body: paragraphs(
    "Socialtjänst och skola har olika uppdrag men ett gemensamt ansvar för att barn får sina behov tillgodosedda. Skolan ska samverka med socialtjänsten när det behövs för att förebygga och möta problem för elever (29 kap. 13 § skollagen). Socialtjänsten ska samverka med skolan om barn som far illa eller riskerar att fara illa och ta initiativ till samverkan (18 kap. 6 § socialtjänstlagen, 2025:400).",
    "Barnets bästa ska komma i första hand. Barnet ska få komma till tals i frågor som rör det, utifrån ålder och mognad. Vårdnadshavarna informeras och görs delaktiga så långt det går utan att barnet kan skadas.",
    "Uppgifter om enskilda barn omfattas av sekretess i socialtjänsten (26 kap. 1 § offentlighets- och sekretesslagen, OSL) och i skolan (23 kap. 2 § OSL). I fristående skolor gäller i stället tystnadsplikt enligt 29 kap. 14 § skollagen. Socialtjänsten har ingen uppgiftsskyldighet mot skolan. Uppgifter från socialtjänsten till skolan kräver därför samtycke från vårdnadshavarna, och från ungefär 15 år även från barnet (12 kap. 2–3 §§ OSL), eller annat stöd i lag.",
    "Skolan ska anmäla oro och lämna uppgifter som kan vara av betydelse för en utredning (19 kap. 1 § och 20 kap. 6 § socialtjänstlagen). Sekretessen hindrar inte detta (10 kap. 28 § OSL). Ett samtycke ska avse bestämda uppgifter, parter, syfte och tid, kan återkallas och dokumenteras av varje myndighet för sig. Den som lämnar ut uppgifter gör först en sekretessprövning och dokumenterar den.",
  ),
};

const TRANSITIONS: AgreementSection = {
  heading: "Övergångar mellan skolformer",
  body: paragraphs(
    "Övergångar är sårbara perioder för barn, till exempel från förskola till förskoleklass, från grundskola till gymnasieskola, till eller från anpassad skolform och vid byte av skola. Barn med insatser från socialtjänsten behöver särskild uppmärksamhet så att stöd och kunskap om barnet inte går förlorade.",
    "Rektor på den avlämnande skolan ansvarar för att överlämningen till den mottagande skolan sker enligt kommunens rutin. Mentor och elevhälsan deltar i överlämningssamtal när eleven har extra anpassningar eller särskilt stöd. Uppgifter om eleven förs vidare med vårdnadshavarnas samtycke när det krävs.",
    "När socialtjänsten följer ett barn som byter skola kontaktar handläggaren den nya skolans kontaktperson, om vårdnadshavarna och från ungefär 15 år barnet har samtyckt. Handläggaren kontrollerar att barnet har en skolplacering från första dagen. Byter barnet skola mitt i en termin planerar socialtjänst och skola övergången tillsammans.",
  ),
};

const CHILDREN_AT_RISK: AgreementSection = {
  heading: "Barn som far illa eller riskerar att fara illa",
  body: paragraphs(
    "All personal i kommunala och fristående skolor är skyldig att genast anmäla till socialtjänsten om de i sitt arbete får kännedom om eller misstänker att ett barn far illa (19 kap. 1 § socialtjänstlagen, 2025:400). Anmälningsskyldigheten är personlig. En orosanmälan görs direkt och ska inte vänta på ett möte, på mer information eller på att vårdnadshavarna har kontaktats. Rektor informeras enligt skolans rutin.",
    "Vid akut fara ringer skolan 112. Utanför kontorstid kontaktas socialjouren. Annars görs anmälan via portalen eller till mottagningsenheten i den stadsdelsförvaltning där barnet bor. Mottagningsenheten kvitterar anmälan senast nästa arbetsdag med namn och telefonnummer till en person att kontakta. Socialtjänsten bör erbjuda ett anmälningsmöte med barnet, vårdnadshavarna och den som har anmält (19 kap. 5 §).",
    "Socialtjänsten beslutar inom 14 dagar från anmälan om en utredning ska inledas (20 kap. 2 §). Den som har anmält kan begära återkoppling. Mottagningsenheten svarar då att utredning har inletts, inte har inletts eller redan pågår, om det inte är olämpligt (19 kap. 6 §). Svaret lämnas inom en vecka från beslutet, eller genast om begäran kommer senare eller en utredning redan pågår. Inga andra uppgifter om barnet lämnas.",
    "Anmälan och återkopplingen omfattas av sekretess även i skolan (40 kap. 7 g § OSL). I fristående skolor gäller tystnadsplikt (29 kap. 14 § skollagen). Bara den som har anmält och rektor, eller den rektor utser, tar del av dem. När en utredning har inletts lämnar skolan de uppgifter som kan vara av betydelse för utredningen (20 kap. 6 § socialtjänstlagen).",
  ),
};

const SPECIAL_SUPPORT: AgreementSection = {
  heading: "Barn i behov av särskilt stöd och hälsa",
  body: paragraphs(
    "Skolan ansvarar för att elever får extra anpassningar och särskilt stöd enligt skollagen. Elevhälsan arbetar främst förebyggande och hälsofrämjande. När skolans insatser inte räcker och eleven behöver stöd från flera håll tar rektor eller elevhälsan initiativ till samverkan med socialtjänsten och vid behov med hälso- och sjukvården.",
    "Elevhälsan kan använda konsultationstiden för att diskutera en situation med socialtjänsten utan att nämna barnets namn. Socialtjänsten informerar om vilket stöd familjen kan söka, till exempel öppenvård och föräldrastöd. Om det finns oro för att barnet far illa gäller alltid anmälningsskyldigheten.",
    "Planering kring ett enskilt barn sker med samtycke från vårdnadshavarna och från ungefär 15 år även från barnet. Behöver barnet insatser från både socialtjänst och hälso- och sjukvård används samordnad individuell plan (SIP), där skolan deltar. Uppgifter från elevhälsans psykologiska, psykosociala och specialpedagogiska insatser omfattas av stark sekretess (23 kap. 2 § OSL).",
  ),
};

const SOCIAL_SERVICES_INTERVENTIONS: AgreementSection = {
  heading: "Barn och unga med insatser från socialtjänsten",
  body: paragraphs(
    "Socialtjänsten ska se till att barn som är placerade i familjehem, jourhem, stödboende eller HVB får lämplig utbildning och ägna särskild uppmärksamhet åt barnets skolgång (22 kap. 8 § och 11 § socialtjänstlagen, 2025:400). Skolgången ska vara obruten. Handläggaren ser till att barnet har en skolplacering från placeringens första dag och att skolbyten undviks när de inte är till barnets bästa.",
    "Handläggaren begär ett skolkort varje termin för placerade barn och andra barn som socialtjänsten följer, när samtycke eller annat stöd i lag finns. Mentor fyller i skolkortet tillsammans med elevhälsan. Det beskriver närvaro, kunskapsutveckling, stöd och trivsel. Rektor ansvarar för att skolkortet lämnas inom tre veckor. Handläggaren använder det i planeringen och uppföljningen av barnets vård.",
    "Handläggaren informerar skolan om det skolan behöver veta för att ge barnet en god skolgång, när vårdnadshavarna och från ungefär 15 år barnet har samtyckt. Har barnet skyddade personuppgifter lämnas aldrig uppgift om var barnet bor eller är placerat. Vid byte av placering tar handläggaren kontakt med berörda skolor i god tid.",
  ),
};

const ABSENCE: AgreementSection = {
  heading: "Skolfrånvaro",
  body: paragraphs(
    "Rektor ansvarar för att elevernas frånvaro följs upp enligt skolans rutin. Vid ogiltig frånvaro kontaktar skolan vårdnadshavarna samma dag. Vid upprepad eller längre frånvaro, giltig eller ogiltig, utreder rektor orsakerna tillsammans med mentor, elevhälsan, vårdnadshavarna och eleven.",
    "Hög frånvaro kan vara ett tecken på att ett barn far illa. Om frånvaron, ensam eller tillsammans med annat, väcker oro gör skolan en orosanmälan utan att vänta på att frånvaroutredningen är klar. Skolan kan också använda konsultationstiden för råd om hur en situation kan hanteras.",
    "För elever som socialtjänsten följer planerar handläggare, mentor och elevhälsan tillsammans hur eleven ska komma tillbaka till skolan, med samtycke från vårdnadshavarna och från ungefär 15 år eleven. Närvaron följs upp i skolkortet varje termin. Socialtjänsten kan erbjuda familjen stöd, till exempel genom familjebehandlare.",
  ),
};

const DRUG_AND_CRIME_PREVENTION: AgreementSection = {
  heading: "Drog- och brottsförebyggande arbete",
  body: paragraphs(
    "Skola och socialtjänst arbetar tillsammans för att barn och unga inte ska börja använda alkohol, narkotika, tobak och nikotinprodukter eller dras in i kriminalitet. Skolan arbetar med trygghet och studiero och tar upp frågorna i undervisningen. Socialtjänsten bidrar med kunskap om lägesbilden i området och om vilket stöd som finns för barn och familjer.",
    "Tecken på att ett barn använder droger, rekryteras till kriminella nätverk, utnyttjas för att begå brott eller själv utsätts för brott ska alltid leda till en orosanmälan. Vid akut fara ringer skolan 112. Skolan polisanmäler brott enligt sin rutin. Socialtjänsten och skolan deltar i kommunens lokala samverkan med polisen och fritidsverksamheten (SSPF).",
    "Samverkan om ett enskilt barn i SSPF eller andra forum kräver samtycke från vårdnadshavarna och från ungefär 15 år från barnet, eller annat stöd i lag. Utan samtycke sker samverkan på gruppnivå utan uppgifter som pekar ut ett barn. Rektor och enhetschef tar varje år fram en gemensam lägesbild inför uppföljningen av överenskommelsen.",
  ),
};

const FORMS_OF_COOPERATION: AgreementSection = {
  heading: "Samverkansformer",
  body: paragraphs(
    "Rektor och enhetschef träffas två gånger per termin för att följa upp samverkan, ta upp svårigheter och planera gemensamma insatser. Elevhälsan har en fast konsultationstid med socialtjänsten en gång i månaden. Övriga möten framgår av överenskommelsens förteckning över möten.",
    "Vid konsultation beskriver skolan en situation utan att nämna barnets namn eller andra uppgifter som gör att barnet kan identifieras. Kontaktpersonen i socialtjänsten ger råd om hur skolan kan gå vidare. Konsultation ersätter aldrig en orosanmälan: finns oron kvar gör skolan en anmälan.",
    "Socialtjänsten utser en kontaktperson och en ersättare för varje skola. Skolans kontaktperson är rektor eller den rektor utser. Namn, telefonnummer och e-post till kontaktpersonerna, mottagningsenhetens telefonnummer och socialjourens nummer finns alltid aktuella i portalen.",
    "När en kontaktperson slutar eller byter uppdrag utser enhetschefen, respektive rektor, en ny kontaktperson innan den tidigare lämnar. Tills dess är ersättaren skolans kontakt. Skolan informeras om bytet samma dag, och den nya kontaktpersonen tar kontakt med rektor inom två veckor.",
  ),
};

const FOLLOW_UP: AgreementSection = {
  heading: "Uppföljning av överenskommelsen",
  body: paragraphs(
    "Överenskommelsen följs upp en gång per år, i maj, av rektor och enhetschef tillsammans. Uppföljningen tar upp hur samverkan har fungerat, vad som behöver bli bättre och om överenskommelsen behöver ändras.",
    `Underlaget hämtas från portalens sida Uppföljning, där siffrorna har samma namn som här: ${AGREEMENT_FIGURES.map((name) => `”${name}”`).join(", ")}, för perioden och jämfört med perioden före, samt om skolan har en aktuell kontaktperson. Siffrorna redovisas utan uppgifter om enskilda barn.`,
    "Överenskommelsen revideras minst vart annat år och när kommunens stödmaterial ändras. En ändrad överenskommelse undertecknas på nytt av rektor, enhetschef och, för kommunala skolor, grundskolechef. Resultatet av uppföljningen redovisas till ledningen för stadsdelsförvaltningen och utbildningsförvaltningen, och för fristående skolor till huvudmannen.",
  ),
};

/** Revision 2 of the model agreement: the current text. */
export const DEFAULT_AGREEMENT_TEMPLATE: AgreementTemplateText = {
  title: TITLE,
  introduction: INTRODUCTION,
  sections: [
    GENERAL,
    TRANSITIONS,
    CHILDREN_AT_RISK,
    SPECIAL_SUPPORT,
    SOCIAL_SERVICES_INTERVENTIONS,
    ABSENCE,
    DRUG_AND_CRIME_PREVENTION,
    FORMS_OF_COOPERATION,
    FOLLOW_UP,
  ],
};

/** What changed from revision 1 to revision 2, for the revision's change note. */
export const DEFAULT_AGREEMENT_TEMPLATE_CHANGE_NOTE =
  "Uppdaterad efter ändringarna i socialtjänstlagen (2025:400) och offentlighets- och sekretesslagen den 15 januari 2026: återkoppling inom en vecka från beslutet, sekretess för orosanmälan och återkoppling i skolan (40 kap. 7 g § OSL), kvittens senast nästa arbetsdag. Nya skrivningar om nikotinprodukter och rekrytering till kriminalitet, om byte av kontaktperson och om uppföljning med siffror från portalen.";

// ---------------------------------------------------------------------------------------------
// Revision 1 (earlier text, 2024 in spirit)
// ---------------------------------------------------------------------------------------------

const INTRODUCTION_REVISION_1 = paragraphs(
  "Skolan är den starkaste skyddsfaktorn för barn och unga. När socialtjänst och skola samverkar kan barn som far illa eller riskerar att fara illa upptäckas tidigt och få stöd. Överenskommelsen beskriver formerna för samverkan, vilka områden den omfattar och hur ansvaret är fördelat.",
  "Överenskommelsen gäller mellan socialtjänsten i stadsdelsförvaltningen och de skolenheter som har undertecknat den, kommunala som fristående. Den bygger på skollagen, socialtjänstlagen och kommunens stödmaterial för samverkan mellan socialtjänst och skola.",
  "Överenskommelsen revideras minst vart annat år och när kommunens stödmaterial ändras.",
);

const GENERAL_REVISION_1: AgreementSection = {
  heading: "Allmänna frågor",
  body: paragraphs(
    "Socialtjänst och skola har olika uppdrag men ett gemensamt ansvar för att barn får sina behov tillgodosedda. Skolan ska samverka med socialtjänsten när det behövs för att förebygga och möta problem för elever (29 kap. 13 § skollagen). Socialtjänsten ska enligt socialtjänstlagen ta initiativ till samverkan om barn som far illa eller riskerar att fara illa.",
    "Barnets bästa ska komma i första hand, och barnet ska få komma till tals utifrån ålder och mognad.",
    "Uppgifter om enskilda barn omfattas av sekretess i socialtjänsten (26 kap. 1 § OSL) och i skolan (23 kap. 2 § OSL). I fristående skolor gäller tystnadsplikt enligt 29 kap. 14 § skollagen. Uppgifter från socialtjänsten till skolan kräver samtycke från vårdnadshavarna, och från ungefär 15 år även från barnet (12 kap. 2–3 §§ OSL). Skolans anmälnings- och uppgiftsskyldighet bryter sekretessen (10 kap. 28 § OSL).",
  ),
};

const TRANSITIONS_REVISION_1: AgreementSection = {
  heading: "Övergångar mellan skolformer",
  body: paragraphs(
    "Övergångar mellan skolformer och byte av skola är sårbara perioder. Barn med insatser från socialtjänsten behöver särskild uppmärksamhet så att stödet inte går förlorat.",
    "Rektor på den avlämnande skolan ansvarar för överlämningen till den mottagande skolan enligt kommunens rutin. Uppgifter om eleven förs vidare med vårdnadshavarnas samtycke när det krävs. När socialtjänsten följer ett barn som byter skola kontaktar handläggaren den nya skolan, om samtycke finns.",
  ),
};

const CHILDREN_AT_RISK_REVISION_1: AgreementSection = {
  heading: "Barn som far illa eller riskerar att fara illa",
  body: paragraphs(
    "All personal i kommunala och fristående skolor är enligt socialtjänstlagen skyldig att genast anmäla till socialtjänsten om de i sitt arbete får kännedom om eller misstänker att ett barn far illa. Anmälningsskyldigheten är personlig och kan inte lämnas över till någon annan. Anmälan ska inte vänta på ett möte eller på mer information.",
    "Vid akut fara ringer skolan 112. Utanför kontorstid kontaktas socialjouren. Annars görs anmälan till mottagningsenheten i den stadsdelsförvaltning där barnet bor. Mottagningsenheten bekräftar att anmälan har tagits emot och lämnar namn och telefonnummer till en person att kontakta. Socialtjänsten bör erbjuda ett anmälningsmöte med barnet, vårdnadshavarna och den som har anmält.",
    "Den som har anmält kan begära återkoppling. Socialtjänsten lämnar då besked om att utredning har inletts, inte har inletts eller redan pågår, om det inte är olämpligt. När en utredning har inletts lämnar skolan de uppgifter som kan vara av betydelse för utredningen.",
  ),
};

const SPECIAL_SUPPORT_REVISION_1: AgreementSection = {
  heading: "Barn i behov av särskilt stöd och hälsa",
  body: paragraphs(
    "Skolan ansvarar för extra anpassningar och särskilt stöd enligt skollagen. När skolans insatser inte räcker tar rektor eller elevhälsan initiativ till samverkan med socialtjänsten.",
    "Elevhälsan kan konsultera socialtjänsten utan att nämna barnets namn. Planering kring ett enskilt barn sker med samtycke från vårdnadshavarna och från ungefär 15 år även från barnet. Samordnad individuell plan (SIP) används när barnet behöver insatser från både socialtjänst och hälso- och sjukvård.",
  ),
};

const SOCIAL_SERVICES_INTERVENTIONS_REVISION_1: AgreementSection = {
  heading: "Barn och unga med insatser från socialtjänsten",
  body: paragraphs(
    "Socialtjänsten ska enligt socialtjänstlagen se till att placerade barn får lämplig utbildning och särskilt uppmärksamma barnets skolgång. Handläggaren ser till att barnet har en skolplacering när placeringen börjar.",
    "Handläggaren begär ett skolkort varje termin för placerade barn, när samtycke finns. Mentor fyller i skolkortet tillsammans med elevhälsan och rektor ansvarar för att det lämnas in. Har barnet skyddade personuppgifter lämnas aldrig uppgift om var barnet bor eller är placerat.",
  ),
};

const ABSENCE_REVISION_1: AgreementSection = {
  heading: "Skolfrånvaro",
  body: paragraphs(
    "Rektor ansvarar för att frånvaro följs upp och utreds enligt skolans rutin. Vid ogiltig frånvaro kontaktar skolan vårdnadshavarna samma dag.",
    "Hög frånvaro kan vara ett tecken på att ett barn far illa. Om frånvaron väcker oro gör skolan en orosanmälan. För elever som socialtjänsten följer planerar handläggare, mentor och elevhälsan tillsammans hur eleven ska komma tillbaka till skolan, när samtycke finns.",
  ),
};

const DRUG_AND_CRIME_PREVENTION_REVISION_1: AgreementSection = {
  heading: "Drog- och brottsförebyggande arbete",
  body: paragraphs(
    "Skola och socialtjänst arbetar tillsammans för att förebygga användning av alkohol, narkotika, dopning och tobak (ANDT) och kriminalitet bland barn och unga. Skolan tar upp frågorna i undervisningen.",
    "Tecken på att ett barn använder droger eller begår brott ska leda till en orosanmälan. Skolan polisanmäler brott enligt sin rutin. Socialtjänsten och skolan deltar i kommunens lokala samverkan med polisen och fritidsverksamheten (SSPF). Samverkan om ett enskilt barn kräver samtycke.",
  ),
};

const FORMS_OF_COOPERATION_REVISION_1: AgreementSection = {
  heading: "Samverkansformer",
  body: paragraphs(
    "Rektor och enhetschef träffas två gånger per termin. Elevhälsan har en konsultationstid med socialtjänsten en gång i månaden, där skolan beskriver en situation utan att nämna barnets namn.",
    "Socialtjänsten utser en kontaktperson och en ersättare för varje skola. Skolans kontaktperson är rektor eller den rektor utser. Byts en kontaktperson ut informerar socialtjänsten skolan.",
  ),
};

const FOLLOW_UP_REVISION_1: AgreementSection = {
  heading: "Uppföljning av överenskommelsen",
  body: paragraphs(
    "Överenskommelsen följs upp en gång per år, i maj, av rektor och enhetschef tillsammans. Underlaget är mottagningsenhetens statistik över orosanmälningar och skolans och socialtjänstens erfarenheter av samverkan.",
    "Överenskommelsen revideras minst vart annat år och när kommunens stödmaterial ändras. En ändrad överenskommelse undertecknas på nytt.",
  ),
};

/** Revision 1 of the model agreement: an earlier text, before the 2026 rules. */
export const DEFAULT_AGREEMENT_TEMPLATE_REVISION_1: AgreementTemplateText = {
  title: TITLE,
  introduction: INTRODUCTION_REVISION_1,
  sections: [
    GENERAL_REVISION_1,
    TRANSITIONS_REVISION_1,
    CHILDREN_AT_RISK_REVISION_1,
    SPECIAL_SUPPORT_REVISION_1,
    SOCIAL_SERVICES_INTERVENTIONS_REVISION_1,
    ABSENCE_REVISION_1,
    DRUG_AND_CRIME_PREVENTION_REVISION_1,
    FORMS_OF_COOPERATION_REVISION_1,
    FOLLOW_UP_REVISION_1,
  ],
};

// ---------------------------------------------------------------------------------------------
// Meetings and contact roles (default lists for a new agreement)
// ---------------------------------------------------------------------------------------------

export const DEFAULT_MEETINGS: AgreementMeeting[] = [
  { name: "Samverkansmöte mellan rektor och enhetschef", frequency: "Två gånger per termin" },
  { name: "Konsultationstid för elevhälsan", frequency: "En gång i månaden" },
  {
    name: "Avstämning mellan skolans och socialtjänstens kontaktpersoner",
    frequency: "Vid varje terminsstart",
  },
  {
    name: "Information till skolans personal om anmälningsskyldigheten",
    frequency: "En gång per år, vid läsårets start",
  },
  { name: "Uppföljning av överenskommelsen", frequency: "En gång per år, i maj" },
];

export const DEFAULT_CONTACT_ROLES: AgreementContactRole[] = [
  {
    role: "Kontaktperson i socialtjänsten",
    responsibility:
      "Skolans väg in till socialtjänsten. Svarar på konsultationsfrågor, ger råd om när och hur en orosanmälan görs och förmedlar kontakt med rätt handläggare. Har en ersättare som tar över vid frånvaro och tills en ny kontaktperson är utsedd.",
  },
  {
    role: "Skolans kontaktperson (rektor eller den rektor utser)",
    responsibility:
      "Socialtjänstens väg in till skolan. Ser till att personalen känner till anmälningsskyldigheten och överenskommelsen, att skolkort fylls i och lämnas i tid och att skolan deltar i samverkansmöten.",
  },
  {
    role: "Mottagningsenheten",
    responsibility:
      "Tar emot orosanmälningar, kvitterar dem senast nästa arbetsdag med namn och telefonnummer till en person att kontakta, erbjuder anmälningsmöte och lämnar återkoppling om att utredning har inletts, inte har inletts eller redan pågår.",
  },
  {
    role: "Socialjouren",
    responsibility:
      "Tar emot akuta ärenden utanför kontorstid: kvällar, nätter och helger. Vid akut fara för liv eller hälsa ringer skolan först 112.",
  },
  {
    role: "Handläggare i socialtjänsten",
    responsibility:
      "Ansvarar för utredning och insatser för barnet, begär skolkort varje termin och håller kontakt med skolan om barnet när samtycke eller annat stöd i lag finns.",
  },
  {
    role: "Enhetschef i socialtjänsten",
    responsibility:
      "Utser kontaktperson och ersättare för varje skola, undertecknar överenskommelsen för socialtjänsten och ansvarar tillsammans med rektor för den årliga uppföljningen.",
  },
];
