"""USB bundles between desks: villages send their ledgers up, the county sends catalogues
and its trust list down. Written to a temporary name, flushed, renamed and read back; an
import checks signature, hashes, format version and addressee before it changes anything.
(Built with the certificate ledger; see docs/ARCHITECTURE.md.)"""
