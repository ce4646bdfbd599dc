/** Zod schemas of the login forms, shared by the browser (react-hook-form) and the action. */
import * as z from "zod/mini";

export const loginSchema = z.object({
  email: z
    .string()
    .check(
      z.trim(),
      z.toLowerCase(),
      z.minLength(1, "Skriv din e-postadress."),
      z.maxLength(254, "E-postadressen är för lång."),
      z.regex(
        /^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/,
        "Skriv en hel e-postadress, till exempel namn@skola.se.",
      ),
    ),
  password: z
    .string()
    .check(z.minLength(1, "Skriv ditt lösenord."), z.maxLength(1000, "Lösenordet är för långt.")),
  redirectTo: z.optional(z.string()),
});

export type LoginInput = z.input<typeof loginSchema>;

/** The second step of a login: a code from the app, or a recovery code. */
export const secondFactorSchema = z.object({
  method: z.enum(["totp", "recoveryCode"]),
  code: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "Skriv koden."),
      z.maxLength(40, "Koden är för lång. Kontrollera att du skrev rätt kod."),
    ),
  redirectTo: z.optional(z.string()),
});

export type SecondFactorInput = z.input<typeof secondFactorSchema>;

/** Confirming a new TOTP app with a code from it. */
export const confirmTotpSchema = z.object({
  code: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "Skriv koden som appen visar."),
      z.regex(/^[\d\s]*$/, "Koden består bara av siffror."),
      z.maxLength(12, "Koden har sex siffror."),
    ),
});

export type ConfirmTotpInput = z.input<typeof confirmTotpSchema>;

export const forgotPasswordSchema = z.object({
  email: loginSchema.shape.email,
});

export const MIN_PASSWORD_LENGTH = 12;
/** How long a password-reset link works. */
export const RESET_VALID_MINUTES = 60;

export const newPasswordSchema = z
  .object({
    password: z
      .string()
      .check(
        z.minLength(MIN_PASSWORD_LENGTH, `Lösenordet behöver minst ${MIN_PASSWORD_LENGTH} tecken.`),
        z.maxLength(200, "Lösenordet får ha högst 200 tecken."),
      ),
    confirmPassword: z.string().check(z.minLength(1, "Skriv lösenordet en gång till.")),
  })
  .check(
    z.refine((value) => value.confirmPassword === "" || value.password === value.confirmPassword, {
      message: "Lösenorden är inte likadana. Skriv samma lösenord i båda fälten.",
      path: ["confirmPassword"],
    }),
  );

export type NewPasswordInput = z.input<typeof newPasswordSchema>;

/** Changing one's own password while logged in: the current one, then the new one twice. */
export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string()
      .check(
        z.minLength(1, "Skriv ditt nuvarande lösenord."),
        z.maxLength(1000, "Lösenordet är för långt."),
      ),
    password: newPasswordSchema.shape.password,
    confirmPassword: newPasswordSchema.shape.confirmPassword,
  })
  .check(
    z.refine((value) => value.confirmPassword === "" || value.password === value.confirmPassword, {
      message: "Lösenorden är inte likadana. Skriv samma lösenord i båda fälten.",
      path: ["confirmPassword"],
    }),
  );

export type ChangePasswordInput = z.input<typeof changePasswordSchema>;
