// TillConfig
