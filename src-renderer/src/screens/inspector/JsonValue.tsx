import type { ReactNode } from 'react';

/** A JSON value, coloured by type. */
export function JsonValue(props: { v: unknown }): ReactNode {
  const v = props.v;
  if (v === null) return <span className="ti-j-null">null</span>;
  if (typeof v === 'string') return <span className="ti-j-str">"{v}"</span>;
  if (typeof v === 'number') return <span className="ti-j-num">{v}</span>;
  if (typeof v === 'boolean') return <span className="ti-j-bool">{String(v)}</span>;
  if (Array.isArray(v)) {
    return (
      <span>
        [{v.map((x, i) => <span key={i}>{i > 0 && ', '}<JsonValue v={x} /></span>)}]
      </span>
    );
  }
  return <span className="ti-j-obj">{JSON.stringify(v)}</span>;
}

/** `{ "key": value, … }` with the keys in the part's colour. */
export function JsonBlock(props: { obj: Record<string, unknown>; label: string }) {
  const entries = Object.entries(props.obj);
  return (
    <pre className="ti-pre ti-json" aria-label={props.label}>
      {'{\n'}
      {entries.map(([k, v], i) => (
        <span key={k}>
          {'  '}
          <span className="ti-key">"{k}"</span>: <JsonValue v={v} />
          {i < entries.length - 1 ? ',' : ''}
          {'\n'}
        </span>
      ))}
      {'}'}
    </pre>
  );
}
