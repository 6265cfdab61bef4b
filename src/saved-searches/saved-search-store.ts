// The saved searches of every user, in one small JSON file `<dataDir>/saved-searches.json`: read
// once at start, kept in memory, and written whole after each change, atomically (temporary file,
// fsync, rename) so a crash leaves the old list or the new one. Mode 0600: a query can name what
// someone was looking for. Each search belongs to its owner, the caller that saved it; nobody
// else lists, opens or deletes it.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SecretFileWriter } from '../access/secret-file.ts';
import { savedSearch, type savedSearchBody, type SavedSearchContract } from '../contracts/saved-searches.ts';
import { LogwardenError } from '../errors/codes.ts';

/** Enough for anyone's working set; more is refused rather than growing the file without end. */
export const MAX_SAVED_SEARCHES_PER_OWNER = 200;

const fileContent = z.object({ version: z.literal(1), searches: z.array(savedSearch.extend({ owner: z.string() })) });
type StoredSearch = z.infer<typeof fileContent>['searches'][number];

export function savedSearchesPath(dataDir: string): string {
  return join(dataDir, 'saved-searches.json');
}

export class SavedSearchStore {
  readonly #writer: SecretFileWriter;
  #searches: StoredSearch[];

  private constructor(file: string, searches: StoredSearch[]) {
    this.#writer = new SecretFileWriter(file);
    this.#searches = searches;
  }

  /** The store of `file`, empty when the file does not exist yet; a damaged file stops the start. */
  static async open(file: string): Promise<SavedSearchStore> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new SavedSearchStore(file, []);
      throw error;
    }
    const parsed = fileContent.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${file} is not a saved-searches file: ${parsed.error.message}`);
    return new SavedSearchStore(file, parsed.data.searches);
  }

  /** The owner's saved searches, oldest first. */
  list(owner: string): SavedSearchContract[] {
    return this.#searches.filter((search) => search.owner === owner).map(withoutOwner);
  }

  async add(owner: string, body: z.output<typeof savedSearchBody>, now: number): Promise<SavedSearchContract> {
    if (this.list(owner).length >= MAX_SAVED_SEARCHES_PER_OWNER) {
      throw new LogwardenError('LW_BAD_REQUEST', `you have ${MAX_SAVED_SEARCHES_PER_OWNER} saved searches already, the most one may keep: delete some first`);
    }
    const stored: StoredSearch = { ...body, columns: [...body.columns], id: randomBytes(8).toString('hex'), savedAt: new Date(now).toISOString(), owner };
    const before = this.#searches;
    this.#searches = [...before, stored];
    await this.#writer.save(this.#file(), () => (this.#searches = before));
    return withoutOwner(stored);
  }

  /** False when the owner has no search of that id (another owner's counts as none). */
  async remove(owner: string, id: string): Promise<boolean> {
    const before = this.#searches;
    const after = before.filter((search) => !(search.owner === owner && search.id === id));
    if (after.length === before.length) return false;
    this.#searches = after;
    await this.#writer.save(this.#file(), () => (this.#searches = before));
    return true;
  }

  #file(): z.infer<typeof fileContent> {
    return { version: 1, searches: this.#searches };
  }
}

function withoutOwner({ owner: _owner, ...search }: StoredSearch): SavedSearchContract {
  return search;
}
