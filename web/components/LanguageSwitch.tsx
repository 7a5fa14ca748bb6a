import { For } from 'solid-js';
import { lang, setLang, t, type Lang } from '../lib/i18n.ts';

// Each language is named in itself, so a person who cannot read the other one still finds it.
const CHOICES: Array<{ value: Lang; label: string }> = [
  { value: 'th', label: 'ไทย' },
  { value: 'en', label: 'English' },
];

export function LanguageSwitch() {
  return (
    <div class="lang-switch" role="group" aria-label={t('lang.label')}>
      <For each={CHOICES}>
        {(choice) => (
          <button type="button" lang={choice.value} aria-pressed={lang() === choice.value} onClick={() => setLang(choice.value)}>
            {choice.label}
          </button>
        )}
      </For>
    </div>
  );
}
