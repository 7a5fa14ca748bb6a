import { render } from 'solid-js/web';
// Sarabun, the Thai government typeface; these files carry Thai and Latin by unicode-range.
import '@fontsource/sarabun/400.css';
import '@fontsource/sarabun/700.css';
import './styles.css';
// Form controls are on nearly every page: load them with the tokens, before any feature's styles.
import './components/forms.css';
import { App } from './App.tsx';
import { registerServiceWorker } from './lib/sw-register.ts';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
render(() => <App />, root);
registerServiceWorker();
