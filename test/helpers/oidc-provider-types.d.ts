/**
 * The part of oidc-provider (v9, a devDependency that ships no types) that the sign-on tests'
 * provider uses (test/helpers/oidc-provider.ts).
 */
declare module "oidc-provider" {
  import type { IncomingMessage, Server, ServerResponse } from "node:http";

  interface ProviderContext {
    path: string;
    method: string;
    req: IncomingMessage;
    res: ServerResponse;
    status: number;
    body: unknown;
    type: string;
    respond?: boolean;
    oidc: {
      client?: { clientId: string };
      session?: { accountId?: string; grantIdFor(clientId: string): string | undefined };
      result?: { consent?: { grantId?: string } };
      provider: Provider;
    };
  }

  interface GrantInstance {
    accountId?: string;
    clientId?: string;
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  interface GrantModel {
    new (properties: { accountId?: string; clientId?: string }): GrantInstance;
    find(id: string): Promise<GrantInstance | undefined>;
  }

  interface Interaction {
    uid: string;
    prompt: { name: string; reasons: string[] };
    params: Record<string, unknown>;
  }

  class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    readonly Grant: GrantModel;
    use(middleware: (ctx: ProviderContext, next: () => Promise<void>) => Promise<void>): void;
    listen(port: number, host: string, callback?: () => void): Server;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export default Provider;
}
