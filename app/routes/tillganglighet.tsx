import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [
  { title: "Tillgänglighetsredogörelse – Samverkansportalen" },
];

export default function AccessibilityStatement() {
  return (
    <div className="page page--narrow prose">
      <h1>Tillgänglighetsredogörelse</h1>
      <p>
        Samverkansportalen drivs av kommunen. Vi vill att alla ska kunna använda portalen, oavsett
        funktionsförmåga. Den här redogörelsen beskriver hur portalen uppfyller lagen om
        tillgänglighet till digital offentlig service (DOS-lagen), kända brister och hur du kan
        rapportera problem.
      </p>
      <h2>Hur tillgänglig är portalen?</h2>
      <p>
        Portalen ska uppfylla WCAG 2.1 på nivå AA. Varje sida kontrolleras automatiskt med verktyget
        axe innan en ändring tas i bruk, och allt kan användas med enbart tangentbord.
      </p>
      <h2>Kända brister</h2>
      <p>Vi känner i dag inte till några brister mot kraven.</p>
      <h2>Rapportera problem</h2>
      <p>
        Om du upptäcker problem som inte beskrivs här, eller om du behöver innehåll i ett annat
        format, kontakta kommunens kontaktcenter eller portalens systemförvaltning genom din chef
        eller rektor. Beskriv vilken sida det gäller och vad som inte fungerar – skriv aldrig
        uppgifter om ett barn i en felrapport.
      </p>
      <h2>Tillsyn</h2>
      <p>
        Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen om
        tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina
        synpunkter kan du kontakta Digg och påtala det.
      </p>
    </div>
  );
}
