import { describe, expect, it } from "vitest";
import { describeDevice, describeMethods } from "~/auth/session-display";

describe("a session as its person sees it", () => {
  it("names the browser and system in plain Swedish", () => {
    const cases: [string | null, string][] = [
      [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Chrome på Windows",
      ],
      [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        "Edge på Windows",
      ],
      [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Safari på iPhone",
      ],
      [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0",
        "Firefox på Mac",
      ],
      [
        "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
        "Samsung Internet på Android",
      ],
      [
        "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Chrome på Chromebook",
      ],
      ["curl/8.5.0", "Okänd enhet"],
      ["Mozilla/5.0 (X11; Linux x86_64)", "Okänd webbläsare på Linux"],
      [null, "Okänd enhet"],
    ];
    for (const [agent, expected] of cases) expect(describeDevice(agent)).toBe(expected);
  });

  it("says how it was authenticated in Swedish words", () => {
    expect(describeMethods(["password"])).toBe("lösenord");
    expect(describeMethods(["password", "totp"])).toBe("lösenord och kod från app");
    expect(describeMethods(["password", "recoveryCode"])).toBe("lösenord och reservkod");
    expect(describeMethods(["passkey"])).toBe("nyckel");
    expect(describeMethods(["sso"])).toBe("kommunens inloggning");
  });
});
