/**
 * A template revision's text as the agreements made from it begin: title, introduction and
 * numbered sections, paragraphs split at blank lines. `level` is the title's heading level, so
 * the text fits under the page's own headings.
 */
import type { AgreementSection } from "~db/schema";
import { paragraphs } from "../document";

export function TemplateText({
  text,
  level,
  id,
}: {
  text: { title: string; introduction: string; sections: AgreementSection[] };
  level: 2 | 3;
  id: string;
}) {
  const Title = level === 2 ? "h2" : "h3";
  const Section = level === 2 ? "h3" : "h4";
  return (
    <article className="agreement-text" aria-labelledby={id}>
      <Title id={id}>{text.title}</Title>
      {paragraphs(text.introduction).map((p, i) => (
        <p key={i}>{p}</p>
      ))}
      {text.sections.map((section, i) => (
        <section key={i}>
          <Section>
            {i + 1}. {section.heading}
          </Section>
          {paragraphs(section.body).map((p, j) => (
            <p key={j}>{p}</p>
          ))}
        </section>
      ))}
    </article>
  );
}
