// Password hashing with argon2id from node:crypto (no native add-on): parameters stored with each
// hash, so they can be raised later without locking anyone out; compared in constant time.
//
// SCAFFOLD (issue 13): the users helper builds this.
export {};
