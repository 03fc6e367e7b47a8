// HTTP and exact-number JSON live in TillHTTP; re-exported so backends and tests see them through TillChain.
@_exported import TillHTTP
