// Renders assets/icon.svg to the 1024 px PNG electron-builder turns into each platform's icon.
import sharp from 'sharp';
await sharp('assets/icon.svg', { density: 300 }).resize(1024, 1024).png().toFile('assets/icon.png');
