// The support bot's understanding, usable without Nest (the eval script, the bench).
export * from './intents';
export * from './engine';
export * from './entities';
export * from './evaluate';
export { CORPUS } from './corpus';
