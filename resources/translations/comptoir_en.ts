<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>EndOfDayDialog</name>
    <message numerus="yes">
        <source>%n sale(s) still open: retry or void them.</source>
        <translation>
            <numerusform>%n sale still open: retry or void it.</numerusform>
            <numerusform>%n sales still open: retry or void them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RegisterPage</name>
    <message numerus="yes">
        <source>%n code(s) failed. Correct them in the list above, or retry.</source>
        <translation>
            <numerusform>%n code failed. Correct it in the list above, or retry.</numerusform>
            <numerusform>%n codes failed. Correct them in the list above, or retry.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n reader(s) registered.</source>
        <translation>
            <numerusform>%n reader registered.</numerusform>
            <numerusform>%n readers registered.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VerifyPage</name>
    <message numerus="yes">
        <source>%n reader(s) at this location.</source>
        <translation>
            <numerusform>%n reader at this location.</numerusform>
            <numerusform>%n readers at this location.</numerusform>
        </translation>
    </message>
</context>
</TS>
