import type { Db } from './db.js';
import { stmt } from './statements.js';
import type { Scenario, ScenarioDefinition } from '../simulator/definition.js';

interface Row {
  id: string;
  name: string;
  created: string;
  last_updated: string;
  data: string;
}

function fromRow(r: Row): Scenario {
  return { ...(JSON.parse(r.data) as ScenarioDefinition), id: r.id, name: r.name, created: r.created, lastUpdated: r.last_updated };
}

/** Saved simulator scenarios: one row each, the definition as JSON, the name unique. */
export class ScenarioRepo {
  constructor(private readonly db: Db) {}

  list(): Scenario[] {
    return (stmt(this.db, 'SELECT id, name, created, last_updated, data FROM scenarios ORDER BY seq').all() as Row[]).map(fromRow);
  }

  get(id: string): Scenario | undefined {
    const r = stmt(this.db, 'SELECT id, name, created, last_updated, data FROM scenarios WHERE id = ?').get(id) as Row | undefined;
    return r && fromRow(r);
  }

  byName(name: string): Scenario | undefined {
    const r = stmt(this.db, 'SELECT id, name, created, last_updated, data FROM scenarios WHERE name = ?').get(name) as Row | undefined;
    return r && fromRow(r);
  }

  insert(id: string, def: ScenarioDefinition, at: string): Scenario {
    stmt(this.db, 'INSERT INTO scenarios (id, name, created, last_updated, data) VALUES (?,?,?,?,?)').run(id, def.name, at, at, JSON.stringify(def));
    return this.get(id)!;
  }

  update(id: string, def: ScenarioDefinition, at: string): Scenario | undefined {
    const r = stmt(this.db, 'UPDATE scenarios SET name = ?, last_updated = ?, data = ? WHERE id = ?').run(def.name, at, JSON.stringify(def), id);
    return r.changes ? this.get(id) : undefined;
  }

  delete(id: string): boolean {
    return stmt(this.db, 'DELETE FROM scenarios WHERE id = ?').run(id).changes > 0;
  }
}
