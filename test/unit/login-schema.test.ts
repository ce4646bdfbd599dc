import { describe, expect, it } from "vitest";
import { loginSchema } from "~/auth/schema";
import { fieldErrorsFrom } from "~/lib/form";

describe("loginSchema", () => {
  it("normalises the address", () => {
    const result = loginSchema.safeParse({ email: "  Mentor@Demo.Test ", password: "x" });
    expect(result.success && result.data.email).toBe("mentor@demo.test");
  });

  it("gives one Swedish message per empty field", () => {
    const result = loginSchema.safeParse({ email: "", password: "" });
    expect(result.success).toBe(false);
    expect(fieldErrorsFrom(result.error!.issues)).toEqual({
      email: "Skriv din e-postadress.",
      password: "Skriv ditt lösenord.",
    });
  });

  it("asks for a whole address", () => {
    const result = loginSchema.safeParse({ email: "mentor", password: "x" });
    expect(fieldErrorsFrom(result.error!.issues).email).toBe(
      "Skriv en hel e-postadress, till exempel namn@skola.se.",
    );
  });
});
