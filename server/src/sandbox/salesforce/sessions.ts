/**
 * Sessions (access tokens) and refresh tokens the sandbox's OAuth endpoint issued. A session lives
 * `ttlSeconds` from issue (Salesforce's default session timeout is two hours); `expireAll` ends every
 * session at once, as an admin revoking sessions or a timeout would, so clients must get a new one.
 * Tokens are random, like Salesforce's: `<org id>!<secret>` for sessions.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock/clock.js';

export interface Session {
  accessToken: string;
  userId: string;
  /** Epoch ms. */
  issuedAt: number;
  expiresAt: number;
  scope: string;
  /** The refresh token this session came from or was issued with. */
  refreshToken?: string;
}

interface RefreshGrant {
  userId: string;
  scope: string;
}

const token = (bytes: number): string => randomBytes(bytes).toString('base64').replace(/[+/=]/g, '').slice(0, Math.ceil(bytes * 1.3));

export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  private readonly refreshGrants = new Map<string, RefreshGrant>();

  constructor(
    private readonly orgId: string,
    private readonly clock: Clock,
    private readonly ttlSeconds: number,
  ) {}

  /** A new session for `userId`; with `withRefreshToken`, also a refresh token that can start later sessions. */
  issue(userId: string, options: { scope: string; withRefreshToken?: boolean; refreshToken?: string }): Session {
    const now = this.clock.now().getTime();
    let refreshToken = options.refreshToken;
    if (options.withRefreshToken) {
      refreshToken = `5Aep861${token(60)}`;
      this.refreshGrants.set(refreshToken, { userId, scope: options.scope });
    }
    const session: Session = { accessToken: `${this.orgId.slice(0, 15)}!AQ${token(72)}`, userId, issuedAt: now, expiresAt: now + this.ttlSeconds * 1000, scope: options.scope, ...(refreshToken ? { refreshToken } : {}) };
    this.sessions.set(session.accessToken, session);
    this.prune(now);
    return session;
  }

  /** A new session from a refresh token (the refresh token stays valid), or undefined for an unknown one. */
  refresh(refreshToken: string): Session | undefined {
    const grant = this.refreshGrants.get(refreshToken);
    return grant && this.issue(grant.userId, { scope: grant.scope, refreshToken });
  }

  /** The live session of an access token. */
  check(accessToken: string): Session | undefined {
    const session = this.sessions.get(accessToken);
    if (!session) return undefined;
    if (session.expiresAt <= this.clock.now().getTime()) {
      this.sessions.delete(accessToken);
      return undefined;
    }
    return session;
  }

  /** Ends every live session (refresh tokens keep working); returns how many ended. */
  expireAll(): number {
    const ended = this.sessions.size;
    this.sessions.clear();
    return ended;
  }

  /** Revokes an access token, or a refresh token with every session it started. */
  revoke(tokenValue: string): boolean {
    if (this.sessions.delete(tokenValue)) return true;
    if (!this.refreshGrants.delete(tokenValue)) return false;
    for (const [key, session] of this.sessions) if (session.refreshToken === tokenValue) this.sessions.delete(key);
    return true;
  }

  get liveSessions(): number {
    this.prune(this.clock.now().getTime());
    return this.sessions.size;
  }

  private prune(now: number): void {
    for (const [key, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(key);
  }
}
