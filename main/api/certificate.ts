import { checkServerIdentity, connect, type DetailedPeerCertificate, type PeerCertificate } from 'node:tls';
import type { CertificateSummary } from '../../common/ipc/result';

/** A certificate the user chose to trust for one connection, whatever signed it. */
export interface PinnedCertificate {
  sha256: string;
  pem: string;
}

const nameOf = (name: PeerCertificate['subject'] | undefined): string =>
  name
    ? Object.entries(name)
        .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`)
        .join(', ')
    : '';

const pemOf = (raw: Buffer): string =>
  `-----BEGIN CERTIFICATE-----\n${raw
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;

export const summaryOf = (certificate: PeerCertificate): CertificateSummary => ({
  subject: nameOf(certificate.subject),
  issuer: nameOf(certificate.issuer),
  sha256: certificate.fingerprint256,
});

/**
 * The certificate a server shows, read over a TLS handshake that checks nothing and sends
 * nothing: for telling the user what was refused, never for trusting it.
 */
export function probeCertificate(origin: string, timeoutMs: number): Promise<(CertificateSummary & PinnedCertificate) | null> {
  const url = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect({
      host: url.hostname,
      port: Number(url.port || 443),
      ...(/^[\d.:[\]]+$/.test(url.hostname) ? {} : { servername: url.hostname }),
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    const done = (found: (CertificateSummary & PinnedCertificate) | null) => {
      socket.destroy();
      resolve(found);
    };
    socket.once('secureConnect', () => {
      const certificate = socket.getPeerCertificate();
      done(certificate.raw ? { ...summaryOf(certificate), pem: pemOf(certificate.raw) } : null);
    });
    socket.once('timeout', () => done(null));
    socket.once('error', () => done(null));
  });
}

/**
 * Accepts the pinned certificate itself on any name (the user compared its fingerprint), and any
 * other certificate only as TLS would anyway: never one merely signed by the pinned one.
 */
export function pinnedIdentityCheck(pinned: PinnedCertificate) {
  return (host: string, certificate: PeerCertificate): Error | undefined => {
    if (certificate.fingerprint256 === pinned.sha256) return undefined;
    for (
      let issuer = (certificate as DetailedPeerCertificate).issuerCertificate;
      issuer && issuer !== issuer.issuerCertificate;
      issuer = issuer.issuerCertificate
    ) {
      if (issuer.fingerprint256 === pinned.sha256) {
        return Object.assign(new Error('Only the pinned certificate itself is trusted, not those it signs.'), { code: 'CERT_NOT_PINNED' });
      }
    }
    return checkServerIdentity(host, certificate);
  };
}
