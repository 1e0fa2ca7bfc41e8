import { useLayoutEffect, useRef, type ReactNode } from 'react';
import type { Analysis } from './decode';

const JWS_PARTS = ['header', 'payload', 'signature'];
const JWE_PARTS = ['header', 'key', 'iv', 'cipher', 'tag'];

/** The raw text, each dot-separated part in its colour (header, payload, signature), as jwt.io does. */
function Coloured(props: { text: string; analysis: Analysis }): ReactNode {
  const a = props.analysis;
  const segs = props.text.split('.');
  // A three-part token that failed to decode is still coloured, its broken part underlined.
  const brokenJws = a.kind === 'malformed' && a.part !== undefined && segs.length === 3;
  if (a.kind !== 'jwt' && a.kind !== 'jwe' && !brokenJws) return <span className="ti-raw-plain">{props.text}</span>;
  const names = a.kind === 'jwe' ? JWE_PARTS : JWS_PARTS;
  const bad = a.kind === 'malformed' ? a.part : undefined;
  return segs.map((s, i) => (
    <span key={i}>
      {i > 0 && <span className="ti-raw-dot">.</span>}
      <span className={`ti-raw-${names[i] ?? 'plain'}${bad && names[i] === bad ? ' ti-raw-bad' : ''}`}>{s}</span>
    </span>
  ));
}

/**
 * The paste area: a plain textarea (so paste, undo and selection work as anywhere) over a coloured
 * copy of its text.
 */
export function TokenInput(props: { value: string; analysis: Analysis; onChange(v: string): void }) {
  const shadow = useRef<HTMLPreElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  // The box grows with the token (up to its CSS max-height), so a pasted JWT is seen whole.
  useLayoutEffect(() => {
    const ta = area.current;
    if (!ta) return;
    ta.style.height = 'auto';
    ta.style.height = `${ta.scrollHeight + 2}px`;
  }, [props.value]);
  return (
    <div className="ti-input-wrap">
      <pre ref={shadow} className="ti-input-shadow" aria-hidden="true">
        <Coloured text={props.value} analysis={props.analysis} />
        {'\n'}
      </pre>
      <textarea
        ref={area}
        id="ti-token"
        className="ti-input"
        value={props.value}
        spellCheck={false}
        autoComplete="off"
        autoCapitalize="off"
        placeholder="Paste a token here: a JWT (eyJ…), an opaque access or refresh token, or a whole token response"
        aria-describedby="ti-token-hint"
        onChange={(e) => props.onChange(e.target.value)}
        onScroll={(e) => {
          if (shadow.current) shadow.current.scrollTop = e.currentTarget.scrollTop;
        }}
      />
    </div>
  );
}
