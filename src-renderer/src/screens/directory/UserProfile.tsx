import { useMemo, useState, type KeyboardEvent } from 'react';
import { api, ApiError } from '../../api/client';
import { Button, FormError } from '../../components/ui';
import { STANDARD_ATTRIBUTES, type DirUser, type ProfileValue } from './directory-types';
import { FIRST, fromText, humanize, KIND_WORDS, kindOf, toText, type Kind } from './profile-values';
import { directoryChanged } from './paged';
import { attributeNameIssue, causeForAttr, emailIssue, loginIssue, nameIssue } from './validation';

function standardIssue(key: string, text: string): string | undefined {
  const t = text.trim();
  switch (key) {
    case 'login': return loginIssue(t);
    case 'email': return emailIssue(t);
    case 'firstName': return nameIssue(text, 'The first name');
    case 'lastName': return nameIssue(text, 'The last name');
    case 'secondEmail': return t ? emailIssue(t) : undefined;
    case 'locale': return t && !/^[a-z]{2}(_[A-Z]{2})?$/.test(t) ? 'A locale looks like en_US.' : undefined;
    default: return text.length > 1024 ? 'At most 1024 characters.' : undefined;
  }
}

interface Row {
  key: string;
  custom: boolean;
  kind: Kind;
  original?: ProfileValue;
  isNew: boolean;
}

/** Every attribute of the profile, editable in place; custom attributes can be added and removed. */
export function UserProfile(props: { user: DirUser; note?: string; onSaved(message: string): void }) {
  const profile = props.user.profile;
  const baseRows = useMemo<Row[]>(() => {
    const keys = Object.keys(profile);
    const ordered = [...FIRST.filter((k) => k in profile), ...keys.filter((k) => !FIRST.includes(k))];
    return ordered.map((key) => ({ key, custom: !STANDARD_ATTRIBUTES.has(key), kind: STANDARD_ATTRIBUTES.has(key) ? 'string' : kindOf(profile[key]), original: profile[key], isNew: false }));
  }, [profile]);

  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(baseRows.map((r) => [r.key, toText(r.original)])));
  const [added, setAdded] = useState<Row[]>([]);
  const [removed, setRemoved] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | undefined>();
  const [saving, setSaving] = useState(false);

  const rows = [...baseRows, ...added];
  const has = (k: string) => rows.some((r) => r.key === k);
  const changedKeys = baseRows.filter((r) => draft[r.key] !== toText(r.original) && !removed.includes(r.key)).map((r) => r.key);
  const dirty = changedKeys.length > 0 || added.length > 0 || removed.length > 0;

  const issueOf = (r: Row): string | undefined => {
    if (removed.includes(r.key)) return undefined;
    const text = draft[r.key] ?? '';
    if (!r.custom) return standardIssue(r.key, text);
    if (r.kind === 'string' && text === '' && (r.isNew || draft[r.key] !== toText(r.original))) return 'Give a value, or remove the attribute.';
    return fromText(r.kind, text, r.original).issue;
  };
  const issues = rows.map(issueOf).filter(Boolean);

  const save = async () => {
    if (issues.length || !dirty) return;
    const body: Record<string, ProfileValue> = {};
    for (const k of changedKeys) {
      const r = rows.find((x) => x.key === k)!;
      const text = draft[k] ?? '';
      body[k] = r.custom ? fromText(r.kind, text, r.original).value! : text.trim() === '' ? null : text.trim();
    }
    for (const r of added) body[r.key] = fromText(r.kind, draft[r.key] ?? '', r.original).value!;
    for (const k of removed) body[k] = null;
    setSaving(true);
    setError(undefined);
    try {
      directoryChanged();
      await api<DirUser>(`/users/${props.user.id}`, { method: 'POST', body: { profile: body } });
      const parts = [
        changedKeys.length ? `changed ${changedKeys.join(', ')}` : '',
        added.length ? `added ${added.map((r) => r.key).join(', ')}` : '',
        removed.length ? `removed ${removed.join(', ')}` : '',
      ].filter(Boolean);
      props.onSaved(`Profile saved: ${parts.join('; ')}.`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
    } finally {
      setSaving(false);
    }
  };

  const discard = () => {
    setDraft(Object.fromEntries(baseRows.map((r) => [r.key, toText(r.original)])));
    setAdded([]);
    setRemoved([]);
    setError(undefined);
  };

  const customCount = rows.filter((r) => r.custom).length;
  return (
    <form className="card" aria-label="Profile" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <div className="dir-card-head">
        <h2>Profile</h2>
        <span className="muted">{rows.length} attributes, {customCount} custom · each reads as <code>user.&lt;name&gt;</code> in claims</span>
      </div>
      <FormError error={error} fields={rows.flatMap((r) => [`profile.${r.key}`, r.key])} title="Not saved" />
      <div className="dir-attrs">
        {rows.map((r) => {
          const id = `attr-${r.key}`;
          const isRemoved = removed.includes(r.key);
          const edited = !r.isNew && !isRemoved && draft[r.key] !== toText(r.original);
          const problem = issueOf(r) ?? causeForAttr(error, r.key);
          return (
            <div key={r.key} className={`dir-attr${isRemoved ? ' dir-attr-removed' : ''}${problem ? ' field-invalid' : ''}`}>
              <div className="dir-attr-name">
                <label htmlFor={id}>{humanize(r.key)}</label>
                <div className="dir-attr-key">
                  <code>{r.key}</code>
                  {r.custom && <span className="dir-tag">custom · {KIND_WORDS[r.kind].toLowerCase()}</span>}
                  {r.isNew && <span className="dir-tag dir-tag-new">new</span>}
                  {edited && <span className="dir-tag dir-tag-new">edited</span>}
                </div>
              </div>
              <div className="dir-attr-value">
                {r.kind === 'boolean' ? (
                  <select id={id} value={draft[r.key] ?? ''} disabled={isRemoved} onChange={(e) => setDraft((d) => ({ ...d, [r.key]: e.target.value }))}>
                    <option value="true">true</option>
                    <option value="false">false</option>
                  </select>
                ) : (
                  <input
                    id={id}
                    value={draft[r.key] ?? ''}
                    disabled={isRemoved}
                    inputMode={r.kind === 'number' ? 'decimal' : undefined}
                    placeholder={r.kind === 'list' ? 'a, b, c' : 'not set'}
                    aria-invalid={!!problem}
                    aria-describedby={problem ? `${id}-error` : undefined}
                    onChange={(e) => setDraft((d) => ({ ...d, [r.key]: e.target.value }))}
                  />
                )}
                {problem && !isRemoved && <p className="field-error" id={`${id}-error`} role="alert">{problem}</p>}
                {isRemoved && <p className="field-hint">Removed when you save.</p>}
                {r.kind === 'list' && !isRemoved && !problem && <p className="field-hint">Separate items with commas.</p>}
              </div>
              <div className="dir-attr-actions">
                {r.custom && !r.isNew && (
                  isRemoved
                    ? <Button kind="ghost" onClick={() => setRemoved((x) => x.filter((k) => k !== r.key))}>Keep</Button>
                    : <Button kind="ghost" title={`Remove ${r.key}`} onClick={() => setRemoved((x) => [...x, r.key])}>Remove<span className="dir-sr-only"> {r.key}</span></Button>
                )}
                {r.isNew && <Button kind="ghost" onClick={() => setAdded((x) => x.filter((y) => y.key !== r.key))}>Drop<span className="dir-sr-only"> {r.key}</span></Button>}
              </div>
            </div>
          );
        })}
      </div>
      <AddAttribute
        taken={(n) => has(n)}
        onAdd={(key, kind, text) => {
          const standard = STANDARD_ATTRIBUTES.has(key);
          setAdded((x) => [...x, { key, kind: standard ? 'string' : kind, custom: !standard, isNew: true }]);
          setDraft((d) => ({ ...d, [key]: text }));
        }}
      />
      <div className="form-actions">
        <Button kind="primary" type="submit" disabled={!dirty || saving || issues.length > 0}>{saving ? 'Saving…' : 'Save profile'}</Button>
        <Button kind="ghost" onClick={discard} disabled={!dirty || saving}>Discard changes</Button>
        {dirty || !props.note
          ? <span className="muted" role="status">{dirty ? (issues.length ? `${issues.length} to fix before saving` : 'Unsaved changes') : 'No changes'}</span>
          : <span className="dir-good" role="status">✓ {props.note}</span>}
      </div>
    </form>
  );
}

function AddAttribute(props: { taken(name: string): boolean; onAdd(key: string, kind: Kind, text: string): void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('string');
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const nameProblem = name || tried ? attributeNameIssue(name, props.taken) : undefined;
  const valueProblem = text || tried ? (kind === 'string' && !text ? 'Give a value.' : fromText(kind, kind === 'boolean' ? text || 'true' : text).issue) : undefined;
  const add = () => {
    setTried(true);
    if (attributeNameIssue(name, props.taken) || (kind === 'string' && !text) || fromText(kind, kind === 'boolean' ? text || 'true' : text).issue) return;
    props.onAdd(name, kind, kind === 'boolean' ? text || 'true' : text);
    setName('');
    setText('');
    setKind('string');
    setTried(false);
  };
  const enter = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      add();
    }
  };
  return (
    <div className="dir-add-attr" role="group" aria-label="Add an attribute">
      <div className="dir-add-title">Add an attribute</div>
      <div className="dir-add-grid">
        <div className={`field${nameProblem ? ' field-invalid' : ''}`}>
          <label htmlFor="new-attr-name">Name</label>
          <input id="new-attr-name" className="mono" value={name} placeholder="costCenter" onChange={(e) => setName(e.target.value)} onKeyDown={enter} aria-invalid={!!nameProblem} aria-describedby={nameProblem ? 'new-attr-name-error' : undefined} />
          {nameProblem && <p className="field-error" id="new-attr-name-error" role="alert">{nameProblem}</p>}
        </div>
        <div className="field">
          <label htmlFor="new-attr-kind">Type</label>
          <select id="new-attr-kind" value={kind} onChange={(e) => { setKind(e.target.value as Kind); setText(''); }}>
            {(Object.keys(KIND_WORDS) as Kind[]).map((k) => <option key={k} value={k}>{KIND_WORDS[k]}</option>)}
          </select>
        </div>
        <div className={`field${valueProblem ? ' field-invalid' : ''}`}>
          <label htmlFor="new-attr-value">Value</label>
          {kind === 'boolean' ? (
            <select id="new-attr-value" value={text || 'true'} onChange={(e) => setText(e.target.value)}>
              <option value="true">true</option>
              <option value="false">false</option>
            </select>
          ) : (
            <input id="new-attr-value" value={text} placeholder={kind === 'list' ? 'a, b, c' : kind === 'number' ? '42' : 'value'} onChange={(e) => setText(e.target.value)} onKeyDown={enter} aria-invalid={!!valueProblem} aria-describedby={valueProblem ? 'new-attr-value-error' : undefined} />
          )}
          {valueProblem && <p className="field-error" id="new-attr-value-error" role="alert">{valueProblem}</p>}
        </div>
        <div className="dir-add-button">
          <Button onClick={add}>Add attribute</Button>
        </div>
      </div>
      <p className="field-hint">Okta needs a schema entry before a custom attribute can be set; Gatehouse takes any name. Standard attributes (title, department, costCenter…) can be added here too.</p>
    </div>
  );
}
