// The web UI's entry point (docs/ui.md): bundled by scripts/build-ui.mjs, served at /ui/.
import { render } from 'preact';
import { App } from './app.tsx';
import './styles.css';

const root = document.getElementById('app');
if (root) render(<App />, root);
