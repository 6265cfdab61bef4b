// The transformation modifiers applied to one value in the order the chain names them, each value
// becoming one or more: expand, windash, utf16le/utf16be/utf16 (to bytes), base64, base64offset.
// What comes out is Sigma text again (encoded text has no wildcard characters in it). Pure.
import { SigmaRuleError } from './errors.ts';
import type { Transform } from './modifiers.ts';
import type { SigmaValue } from './values.ts';
import { base64, base64Offsets, expandPlaceholders, plainText, textValue, utf16, valueBytes, windash } from './values.ts';

/** One value may become at most this many (placeholders × dashes × offsets): beyond, the rule is too large to run. */
const MAX_VARIANTS = 1000;

/** The texts a raw value becomes; `encoded` when base64 made it. Throws SigmaRuleError. */
export function transformValue(raw: string, transforms: readonly Transform[], placeholders: Readonly<Record<string, readonly string[]>>): { text: string; encoded: boolean }[] {
  let values: SigmaValue[] = [textValue(raw)];
  for (const transform of transforms) {
    values = values.flatMap((value) => apply(transform, value, placeholders));
    if (values.length > MAX_VARIANTS) throw new SigmaRuleError(`modifier ${transform} turns ${JSON.stringify(raw)} into more than ${MAX_VARIANTS} values`);
  }
  return values.map((value) => {
    // modifiers.ts refuses a UTF-16 encoding without a base64 after it, so bytes never get here.
    if (value.kind === 'bytes') throw new SigmaRuleError('a UTF-16 encoding applies only before base64 or base64offset');
    return { text: value.text, encoded: value.encoded };
  });
}

function apply(transform: Transform, value: SigmaValue, placeholders: Readonly<Record<string, readonly string[]>>): SigmaValue[] {
  if (transform === 'base64' || transform === 'base64offset') {
    const bytes = valueBytes(value, transform);
    const texts = transform === 'base64' ? [base64(bytes)] : base64Offsets(bytes);
    return texts.map((text) => ({ kind: 'text', text, encoded: true }));
  }
  if (value.kind === 'bytes') throw new SigmaRuleError(`modifier ${transform} cannot follow a UTF-16 encoding`);
  switch (transform) {
    case 'expand':
      return expandPlaceholders(value.text, placeholders).map((text) => ({ ...value, text }));
    case 'windash':
      return windash(value.text).map((text) => ({ ...value, text }));
    default:
      return [{ kind: 'bytes', bytes: utf16(plainText(value.text, transform), transform) }];
  }
}
