import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importPKCS8, SignJWT, type JWK } from 'jose';
import type { Answer, Draft, Status } from '../../dialogs/core/draft.js';
import { toRecord } from '../../dialogs/core/practice.js';
import type { DraftRepository } from '../../storage/repositories/drafts.js';
import type { PracticeRepository } from '../../storage/repositories/practices.js';
import { mexico, panama, type SeedPractice } from '../fixtures/seeds.js';

export const TENANT = '11111111-1111-4111-8111-111111111111';
export const OTHER_TENANT = '22222222-2222-4222-8222-222222222222';
export const AUDIENCE = 'api://tab.example.org/00000000-0000-4000-8000-0000000000ab';
export const REVIEWER = 'aaaaaaaa-0000-4000-8000-000000000001';
export const ALICE = 'aaaaaaaa-0000-4000-8000-00000000000a';
export const BRUNO = 'aaaaaaaa-0000-4000-8000-00000000000b';
export const CARLA = 'aaaaaaaa-0000-4000-8000-00000000000c';
export const NAMES: Record<string, string> = {
  [REVIEWER]: 'Rita Revisora',
  [ALICE]: 'Alicia Funcionaria',
  [BRUNO]: 'Bruno Funcionario',
  [CARLA]: 'Carla Funcionaria',
};

// ---- an Azure AD stand-in on loopback -------------------------------------------------------------

type RsaKey = { sign: CryptoKey | Uint8Array; jwk: JWK };

async function rsaKey(kid: string): Promise<RsaKey> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const sign = await importPKCS8(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'RS256');
  return { sign, jwk: { ...(publicKey.export({ format: 'jwk' }) as JWK), kid, alg: 'RS256', use: 'sig' } };
}

export interface Idp {
  configUrl: string;
  fetches: { config: number; keys: number };
  /** A token as Teams SSO would hand it; `over` changes claims, `key: 'forged'` signs with a key the JWKS does not hold (same kid). */
  token(
    oid: string,
    over?: { aud?: string; tid?: string; iss?: string; exp?: number; scp?: string | null; key?: 'forged' },
  ): Promise<string>;
  close(): Promise<void>;
}

export async function startIdp(): Promise<Idp> {
  const kid = 'test-key-1';
  const [real, forged] = await Promise.all([rsaKey(kid), rsaKey(kid)]);
  const fetches = { config: 0, keys: 0 };
  let base = '';
  const server: Server = createServer((req, res) => {
    if (req.url === '/common/v2.0/.well-known/openid-configuration') {
      fetches.config++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
          jwks_uri: `${base}/common/discovery/v2.0/keys`,
        }),
      );
    } else if (req.url === '/common/discovery/v2.0/keys') {
      fetches.keys++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [real.jwk] }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    configUrl: `${base}/common/v2.0/.well-known/openid-configuration`,
    fetches,
    async token(oid, over = {}) {
      const tid = over.tid ?? TENANT;
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<string, unknown> = {
        oid,
        tid,
        name: NAMES[oid] ?? 'Someone',
        ver: '2.0',
        preferred_username: `${oid.slice(-2)}@example.org`,
      };
      if (over.scp !== null) claims.scp = over.scp ?? 'access_as_user';
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer(over.iss ?? `https://login.microsoftonline.com/${tid}/v2.0`)
        .setAudience(over.aud ?? AUDIENCE)
        .setSubject(randomUUID())
        .setIssuedAt(now - 300)
        .setNotBefore(now - 300)
        .setExpirationTime(over.exp ?? now + 3600)
        .sign((over.key === 'forged' ? forged : real).sign);
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

// ---- practices in the store -----------------------------------------------------------------------

export interface Spec {
  owner: string;
  /** Absent: a draft the official has not submitted. */
  reference?: string;
  status: Status;
  at: string;
  state: string;
  provisions: string[];
  seed?: SeedPractice;
  title?: string;
  institution?: string;
  description?: string;
}

const answer = (text: string, at: string, value?: string | string[]): Answer => ({
  text,
  lang: 'es',
  at,
  ...(value !== undefined ? { value } : {}),
});

function answersOf(spec: Spec): Record<string, Answer> {
  const out: Record<string, Answer> = {};
  if (spec.seed) for (const [id, text] of Object.entries(spec.seed.expected)) out[id] = answer(text, spec.at);
  else {
    out['institution.name'] = answer(spec.institution ?? 'Oficina Nacional Anticorrupción', spec.at);
    out['title.title'] = answer(spec.title ?? 'Práctica de prueba', spec.at);
    out['description.text'] = answer(
      spec.description ?? 'Descripción de la práctica, sostenible desde hace más de un año.',
      spec.at,
    );
    out['contact.email'] = answer('contacto@example.org', spec.at);
  }
  out['institution.state'] = answer(spec.seed?.name ?? spec.state, spec.at, spec.state);
  out['title.provisions'] = answer(
    out['title.provisions']?.text ?? spec.provisions.join(', '),
    spec.at,
    spec.provisions,
  );
  return out;
}

export function draftOf(spec: Spec): Draft {
  const owner = { id: spec.owner, name: NAMES[spec.owner] ?? 'Someone', tenantId: TENANT };
  const history =
    spec.status === 'draft'
      ? []
      : [
          { status: 'submitted' as const, at: spec.at, by: owner.name },
          ...(spec.status === 'submitted' ? [] : [{ status: spec.status, at: spec.at, by: NAMES[REVIEWER]! }]),
        ];
  return {
    id: randomUUID(),
    owner,
    kind: 'practice',
    answers: answersOf(spec),
    cursor: { step: 'review', failures: 0 },
    status: spec.status,
    ...(spec.reference ? { reference: spec.reference } : {}),
    version: 1,
    history,
    createdAt: spec.at,
    updatedAt: spec.at,
  };
}

/** Saves each spec as the bot would have left it: the official's draft, and for submissions the repository's record. */
export async function seedStore(
  repos: { drafts: DraftRepository; practices: PracticeRepository },
  specs: readonly Spec[],
): Promise<Map<Spec, Draft>> {
  const out = new Map<Spec, Draft>();
  for (const spec of specs) {
    const draft = draftOf(spec);
    await repos.drafts.save(draft);
    if (spec.reference) await repos.practices.put(toRecord(draft, spec.reference, spec.at));
    out.set(spec, draft);
  }
  return out;
}

/** The two real submissions and four made-up ones: three officials, five States, every status, three semesters. */
export function specs(): Spec[] {
  return [
    {
      owner: ALICE,
      reference: 'MESICIC-BP-2026-0001',
      status: 'submitted',
      at: '2026-02-10T15:00:00.000Z',
      state: 'PA',
      provisions: ['III.11'],
      seed: panama(),
    },
    {
      owner: BRUNO,
      reference: 'MESICIC-BP-2025-0007',
      status: 'accepted',
      at: '2025-09-01T12:00:00.000Z',
      state: 'MX',
      provisions: ['III.11'],
      seed: mexico(),
    },
    {
      owner: ALICE,
      reference: 'MESICIC-BP-2025-0003',
      status: 'returned',
      at: '2025-03-15T10:00:00.000Z',
      state: 'CO',
      provisions: ['III.8'],
      title: 'Ventanilla única de denuncias ciudadanas protegidas',
      institution: 'Secretaría de Transparencia',
    },
    {
      owner: BRUNO,
      reference: 'MESICIC-BP-2026-0002',
      status: 'submitted',
      at: '2026-01-20T09:00:00.000Z',
      state: 'CL',
      provisions: ['III.5'],
      title: 'Concurso público abierto para la contratación de funcionarios',
      institution: 'Dirección Nacional del Servicio Civil',
    },
    {
      owner: CARLA,
      reference: 'MESICIC-BP-2026-0003',
      status: 'submitted',
      at: '2026-04-02T09:00:00.000Z',
      state: 'PE',
      provisions: ['III.4'],
      title: 'Declaraciones juradas de patrimonio en línea',
      institution: 'Contraloría General de la República',
    },
    {
      owner: ALICE,
      status: 'draft',
      at: '2026-03-01T08:00:00.000Z',
      state: 'AR',
      provisions: ['III.5'],
      title: 'Portal de compras públicas abiertas',
      institution: 'Oficina Anticorrupción',
    },
  ];
}
