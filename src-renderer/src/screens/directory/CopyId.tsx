import { useState } from 'react';

/** An object's id, with a button that copies it (for API calls and policy JSON). */
export function CopyId(props: { id: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="dir-id">
      <span className="muted">Id</span>
      <code>{props.id}</code>
      <button
        type="button"
        className="dir-linkish"
        aria-label={`Copy the id ${props.id}`}
        onClick={() => {
          void navigator.clipboard?.writeText(props.id).then(() => setCopied(true), () => undefined);
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
