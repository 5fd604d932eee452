/**
 * Entry point: builds the page into `#app` and exposes the frame timings for the browser test.
 *
 * @module
 */
import './style.css';
import { App } from './app.js';

const root = document.getElementById('app');
if (root === null) throw new Error('index.html has no #app element');
const app = new App(root);
Object.assign(window, { lbkitFrames: app.frames, lbkitWork: app.work });
