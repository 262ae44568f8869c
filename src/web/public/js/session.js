import { learnServerNow } from './clock.js';
/** The signed-in user's bearer token lives in sessionStorage only (no cookies). */
const TOKEN_KEY = 'andringsbegaran.token';

let currentUser = null;

export function getToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
  currentUser = null;
}

export function signOut() {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage unavailable: nothing to remove */
  }
  currentUser = null;
}

export function getUser() {
  return currentUser;
}

export function setUser(user) {
  currentUser = user;
  if (user?.now) learnServerNow(user.now);
}
