// TillTerminal
