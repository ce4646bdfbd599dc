/**
 * A WebAuthn authenticator in software, for tests that check the server's half of a passkey
 * ceremony without a browser: an ES256 key pair, a discoverable credential, the authenticator
 * data and signatures a real one makes (attestation "none", as the portal asks for). Its
 * answers can be bent the ways an attacker would bend them: another origin or rpID, no user
 * verification, a counter that goes back.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { isoCBOR } from "@simplewebauthn/server/helpers";

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export interface Bend {
  /** The origin the browser reports (default: the expected one). */
  origin?: string;
  /** The rpID whose hash the authenticator signs (default: the options' one). */
  rpId?: string;
  /** The person was not verified (no PIN, fingerprint or face). */
  noUserVerification?: boolean;
  /** The counter to report instead of the next one. */
  counter?: number;
}

export class SoftAuthenticator {
  readonly credentialId = new Uint8Array(randomBytes(32));
  private readonly keys = generateKeyPairSync("ec", { namedCurve: "P-256" });
  private userHandle: string | undefined;
  private rpId = "";
  /** The signature counter; an authenticator made with `counts: false` keeps it at 0. */
  counter = 0;

  constructor(private readonly options: { counts: boolean } = { counts: true }) {}

  get id(): string {
    return b64url(this.credentialId);
  }

  private publicKeyCose(): Uint8Array {
    const jwk = this.keys.publicKey.export({ format: "jwk" });
    return isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, new Uint8Array(Buffer.from(jwk.x!, "base64url"))],
        [-3, new Uint8Array(Buffer.from(jwk.y!, "base64url"))],
      ]),
    );
  }

  private authenticatorData(rpId: string, flags: number, counter: number, attested?: Uint8Array) {
    const head = Buffer.alloc(37);
    sha256(rpId).copy(head, 0);
    head.writeUInt8(flags, 32);
    head.writeUInt32BE(counter, 33);
    return new Uint8Array(attested ? Buffer.concat([head, attested]) : head);
  }

  private clientData(type: string, challenge: string, origin: string) {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  private nextCounter(bend: Bend) {
    if (bend.counter !== undefined) return bend.counter;
    if (this.options.counts) this.counter += 1;
    return this.counter;
  }

  /** Answers navigator.credentials.create() with the portal's options, on `origin`. */
  register(
    options: PublicKeyCredentialCreationOptionsJSON,
    origin: string,
    bend: Bend = {},
  ): RegistrationResponseJSON {
    this.rpId = options.rp.id ?? "";
    this.userHandle = options.user.id;
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([
      Buffer.alloc(16), // AAGUID: none
      idLength,
      this.credentialId,
      this.publicKeyCose(),
    ]);
    const flags = FLAG_UP | FLAG_AT | (bend.noUserVerification ? 0 : FLAG_UV);
    const authData = this.authenticatorData(
      bend.rpId ?? this.rpId,
      flags,
      this.nextCounter(bend),
      attested,
    );
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, string>>([
        ["fmt", "none"],
        ["attStmt", new Map<string, string>()],
        ["authData", authData],
      ]),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: {
        clientDataJSON: b64url(
          this.clientData("webauthn.create", options.challenge, bend.origin ?? origin),
        ),
        attestationObject: b64url(attestationObject),
        transports: ["internal"],
      },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    };
  }

  /** Answers navigator.credentials.get() with the portal's options, on `origin`. */
  authenticate(
    options: PublicKeyCredentialRequestOptionsJSON,
    origin: string,
    bend: Bend = {},
  ): AuthenticationResponseJSON {
    const flags = FLAG_UP | (bend.noUserVerification ? 0 : FLAG_UV);
    const authData = this.authenticatorData(
      bend.rpId ?? options.rpId ?? this.rpId,
      flags,
      this.nextCounter(bend),
    );
    const clientDataJSON = this.clientData(
      "webauthn.get",
      options.challenge,
      bend.origin ?? origin,
    );
    const signature = sign(
      "sha256",
      Buffer.concat([authData, sha256(clientDataJSON)]),
      this.keys.privateKey,
    );
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: this.userHandle,
      },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    };
  }
}
