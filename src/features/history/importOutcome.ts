import type { AddManyResult } from '../jobs';

const generations = (count: number) => `${count} ${count === 1 ? 'generation' : 'generations'}`;

/** What an import did, said once all of it is stored. */
export function importOutcome(
  outcome: AddManyResult,
  unreadable: number,
  /** Pictures restored from a zip ("History and pictures"); undefined for a .json file. */
  pictures?: number,
): string {
  const said = importedWords(outcome, unreadable);
  // None restored says nothing: a zip of the sandbox's pictures holds them in the history.
  if (!pictures) return said;
  return `${said} Restored ${pictures} saved ${pictures === 1 ? 'picture' : 'pictures'}.`;
}

function importedWords(outcome: AddManyResult, unreadable: number): string {
  const left = [
    outcome.existing ? `${outcome.existing} already here` : '',
    unreadable ? `${unreadable} could not be read` : '',
  ].filter(Boolean);
  if (outcome.added === 0 && !unreadable && outcome.existing && !outcome.problem) {
    return `Nothing new: ${outcome.existing === 1 ? 'it is' : `all ${outcome.existing} are`} already in your history.`;
  }
  const imported = `Imported ${generations(outcome.added)}${left.length ? ` (${left.join(', ')})` : ''}`;
  const again = 'Import the same file again later: what is here already is skipped.';
  switch (outcome.problem) {
    case undefined:
      return `${imported}.`;
    case 'no-storage':
      return `${imported}, for this visit only: this browser does not let the app save them.`;
    case 'full':
      return `${imported}. Your browser's storage for this site is full, so ${outcome.notStored} were not imported. Make room (delete old generations), then import the same file again: what is here already is skipped.`;
    case 'unavailable':
      return `${imported}. The browser refused to save ${outcome.notStored} more, so they were not imported. ${again}`;
    case 'cleared':
      return `The import stopped: the history was cleared meanwhile. ${again}`;
  }
}
