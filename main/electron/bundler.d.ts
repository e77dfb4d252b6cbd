// Imports electron-vite resolves at build time (`?nodeWorker` starts a worker bundled on its own).
/// <reference types="electron-vite/node" />
