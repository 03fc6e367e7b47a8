import Foundation
import TillTerminal

// Until the ArgumentParser command lands: `till qr-demo <text>` shows a QR code full-screen.
let arguments = CommandLine.arguments
if arguments.count > 1, arguments[1] == "qr-demo" {
    guard arguments.count == 3 else {
        FileHandle.standardError.write(Data("usage: till qr-demo <text>\n".utf8))
        exit(2)
    }
    exit(QRDemo.run(text: arguments[2]))
}
print("till")
