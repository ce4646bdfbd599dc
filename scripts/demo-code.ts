/**
 * npm run demo:code -- handlaggare@demo.test
 *
 * Prints the current code of a seeded demo account's authenticator app, so that a newcomer gets
 * in within a minute without scanning anything. It refuses every address that is not a seeded
 * demo account with an app: it knows only the demo secrets (scripts/seed/demo-users.ts).
 */
import { generateTOTP } from "@oslojs/otp";
import { DEMO_USERS, demoTotpSecret, hasDemoSecondFactor } from "./seed/demo-users";

const email = (process.argv[2] ?? "").trim().toLowerCase();
const user = DEMO_USERS.find((u) => u.email === email);
if (!user || !hasDemoSecondFactor(user)) {
  const withApp = DEMO_USERS.filter(hasDemoSecondFactor).map((u) => `  ${u.email}`);
  console.error(
    `${email ? `"${email}" is not a seeded demo account with an authenticator app.` : "Name a demo account."}\n` +
      `Usage: npm run demo:code -- <e-mail>\nDemo accounts with a code:\n${withApp.join("\n")}`,
  );
  process.exit(1);
}
const secondsLeft = 30 - (Math.floor(Date.now() / 1000) % 30);
console.log(generateTOTP(demoTotpSecret(user.email), 30, 6));
console.error(`(valid for ${secondsLeft} more seconds; a code works once)`);
