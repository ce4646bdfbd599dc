/**
 * How tests start a session directly (startSession) for a person whose login is not what the
 * test is about: as after a complete login, password and a code from the app, so that a role
 * that requires a second factor (MFA_REQUIRED_ROLES) gets a usable session.
 */
import type { SignIn } from "~/auth/session.server";

export const COMPLETE_SIGN_IN: SignIn = {
  methods: ["password", "totp"],
  secondFactor: true,
  clientAddress: "127.0.0.1",
  userAgent: "vitest",
};

/** As after the password alone. */
export const PASSWORD_SIGN_IN: SignIn = {
  methods: ["password"],
  secondFactor: false,
  clientAddress: "127.0.0.1",
  userAgent: "vitest",
};
