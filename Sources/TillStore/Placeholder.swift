// TillStore
