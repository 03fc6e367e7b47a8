// TillUI
