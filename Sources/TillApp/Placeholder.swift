// TillApp
