import type { Transcript } from "../../src/chat/index.ts";

/** The HTML part of a transcript mail (W3). Every name and message is text, escaped by hono/jsx. */
export function TranscriptMail({ transcript }: { transcript: Transcript }) {
  return (
    <html lang="en">
      <body style="font-family: sans-serif; font-size: 14px; color: #1a1a1a">
        <h1 style="font-size: 18px">Chat with {transcript.centerName}</h1>
        <p style="color: #555">Started {transcript.startedAt}</p>
        <table cellpadding="4" style="border-collapse: collapse">
          {transcript.lines.map((line) => (
            <tr>
              <td style="color: #555; white-space: nowrap; vertical-align: top">{line.at}</td>
              <th style="text-align: left; vertical-align: top; white-space: nowrap">{line.who}</th>
              <td style="white-space: pre-wrap">{line.text}</td>
            </tr>
          ))}
        </table>
      </body>
    </html>
  );
}
